package hubchat.store;

import hubchat.engine.Appended;
import hubchat.engine.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * What the store's thread ({@link StoreWriter}) is asked to do, in the order asked: each request
 * adds itself to the batch it falls in, and is answered through {@code done} after the commit.
 */
sealed interface StoreRequest permits StoreRequest.Open, StoreRequest.Load, StoreRequest.Append {
    /** Adds this request to the batch, reading what it needs through {@code c}. */
    void into(CommitBatch batch, Connection c) throws SQLException;

    CompletableFuture<?> done();

    /** Loads {@code room} into memory if it is not. */
    record Load(String room, CompletableFuture<RoomCache> done) implements StoreRequest {
        @Override
        public void into(CommitBatch batch, Connection c) throws SQLException {
            batch.load(c, this);
        }
    }

    /** Loads {@code room} if needed and sets its feed (null: closed on this node). */
    record Open(String room, Engine.Feed feed, CompletableFuture<RoomCache> done) implements StoreRequest {
        @Override
        public void into(CommitBatch batch, Connection c) throws SQLException {
            batch.open(c, this);
        }
    }

    record Append(String room, String sender, String senderId, String origin, String text, String cid,
            CompletableFuture<Appended> done) implements StoreRequest {
        @Override
        public void into(CommitBatch batch, Connection c) throws SQLException {
            batch.append(c, this);
        }
    }
}
