package hubchat.redis;

import hubchat.engine.CidKey;
import hubchat.engine.Engine;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.History;
import hubchat.engine.Stored;
import hubchat.protocol.ChatMessage;
import hubchat.protocol.Frames;
import hubchat.protocol.UnencodableFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine that lets several nodes act as one chat: every room's messages, order, cid memory
 * and retention live in Redis ({@link RoomStream}), and each node is fed every message of its
 * open rooms through Redis pub/sub, caught up from the stream whenever the channel may have
 * missed something ({@link RoomFeeds}, {@link RoomFeed}). A node uses only its two shared
 * {@link RedisConnections}, whatever its rooms and users.
 *
 * <p>Nothing waits: every stage completes on Lettuce's threads. A call Redis does not answer
 * (down, unreachable, slower than the command timeout, too many commands waiting) fails with
 * {@link EngineUnavailableException}; a message whose frame cannot be made fails with
 * {@link UnencodableFrameException} before anything is sent.
 *
 * <p>Ids are {@code EPOCH-SEQ}: an id names one entry of one epoch and never another message.
 * Timestamps are Redis' clock, one clock for every node.
 *
 * <p>Retention, in Redis for every node alike: a room keeps at most the history size of
 * messages and the history bytes (the UTF-8 bytes of each message's stored fields: sender, its
 * user id, text, origin and cid as JSON; the newest message always stays), and its keys expire
 * once it has had no message for the room idle time, which each node that holds the room open
 * renews at every catch-up. Closing a room on a node deletes nothing.
 *
 * <p>With an {@link Archiver}, every message also goes to its room's archive stream in the same
 * script, and from there, once, into the database; pages with {@code before} go on into the
 * database where Redis' window ends (see {@link #before}).
 */
public final class RedisEngine implements Engine {
    private static final Logger LOG = Logger.getLogger(RedisEngine.class.getName());
    /**
     * The longest time between two catch-ups of an open room: a message whose publish was lost
     * without the subscription breaking (never seen, but pub/sub promises nothing) arrives at
     * most this late. Shorter for short idle times, so that open rooms' keys stay alive.
     */
    static final long MAX_TICK_MILLIS = 5_000;

    private final RedisConnections redis;
    private final RoomStream stream;
    private final int historySize;
    private final RoomFeeds feeds;
    /** Null without a database archive. */
    private final Archiver archiver;

    /**
     * An engine on the node's {@code redis}, each room keeping at most {@code historySize}
     * messages and {@code historyBytes} bytes of them, for {@code roomIdleMillis} after its last
     * message once no node holds it open.
     */
    public RedisEngine(RedisConnections redis, int historySize, long historyBytes, long roomIdleMillis) {
        this(redis, historySize, historyBytes, roomIdleMillis, null);
    }

    /**
     * As {@link #RedisEngine(RedisConnections, int, long, long)}, every message also archived by
     * {@code archiver} (null: none) into its database, which pages of history older than what
     * Redis keeps read.
     */
    public RedisEngine(RedisConnections redis, int historySize, long historyBytes, long roomIdleMillis, Archiver archiver) {
        this.redis = redis;
        this.archiver = archiver;
        this.historySize = historySize;
        this.stream = new RoomStream(redis, historySize, historyBytes, roomIdleMillis, REMEMBERED_CIDS);
        this.feeds = new RoomFeeds(redis, stream, historySize, Math.max(10, Math.min(MAX_TICK_MILLIS, roomIdleMillis / 4)));
    }

    @Override
    public void open(String room, Feed feed) {
        feeds.open(room, feed);
    }

    @Override
    public void close(String room) {
        feeds.close(room);
    }

    @Override
    public CompletionStage<hubchat.engine.Appended> append(String room, String sender, String senderId, String origin,
            String text, String cid) {
        MessageFields fields = new MessageFields(sender, senderId, text, origin, cid);
        String json;
        try {
            // Checked before anything is stored: every field that goes into the message's frame, the
            // sender's own copy (with cid) and the stored fields can be encoded. Checking the strings
            // is what building the frame would check, without encoding it once more per message.
            for (String field : new String[] {room, sender, senderId, text, origin, cid}) {
                Frames.requireEncodable(field);
                if (archiver != null && field != null && field.indexOf('\0') >= 0) { // PostgreSQL's text cannot hold NUL
                    throw new UnencodableFrameException("a NUL character cannot be archived");
                }
            }
            json = fields.json();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        String cidKey = CidKey.of(sender, senderId, cid);
        if (archiver == null) {
            return call(() -> stream.append(room, cidKey, json)).thenCompose(a -> delivered(room, a))
                    .thenApply(a -> appended(room, a, fields));
        }
        return call(() -> archiver.streams().append(stream, room, cidKey, json)).thenApply(a -> {
            archiver.appended(room);
            return a;
        }).thenCompose(a -> delivered(room, a)).thenApply(a -> appended(room, a, fields));
    }

    /**
     * {@code a} once this node's feed delivered it: the sender learns of a stored message only
     * from its own copy, so an append whose message Redis lost before the feed read it (a
     * restart from an older snapshot right after answering) must fail, not succeed unheard.
     */
    private CompletionStage<Appended> delivered(String room, Appended a) {
        if (a.duplicate()) {
            return CompletableFuture.completedFuture(a); // answered with the earlier one, not delivered again
        }
        return feeds.awaitDelivery(room, a.epoch(), a.seq()).thenApply(delivered -> a);
    }

    /** The engine's answer: for a re-send, the earlier message, or if no longer held, the re-sent one under the earlier id. */
    private static hubchat.engine.Appended appended(String room, Appended a, MessageFields sent) {
        StreamEntry entry = new StreamEntry(a.epoch(), a.seq(), a.timestamp(), a.fields());
        Stored stored;
        try {
            stored = MessageFields.stored(room, entry);
        } catch (RuntimeException unreadable) {
            stored = MessageFields.stored(room, new StreamEntry(a.epoch(), a.seq(), a.timestamp(), sent.json()));
        }
        return new hubchat.engine.Appended(stored, a.duplicate());
    }

    @Override
    public CompletionStage<History> latest(String room, int limit) {
        return call(() -> stream.latest(room, limit)).thenApply(page -> history(room, page));
    }

    @Override
    public CompletionStage<Optional<History>> after(String room, String id) {
        Id at = Id.parse(id);
        if (at == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return call(() -> stream.after(room, at.epoch(), at.seq(), historySize))
                .thenApply(page -> page.map(p -> history(room, p)));
    }

    @Override
    public CompletionStage<History> before(String room, String id, int limit) {
        Id at = Id.parse(id);
        if (at == null) {
            return latest(room, 1).thenApply(h -> new History(List.of(), h.epoch(), h.seq()));
        }
        CompletionStage<History> held = call(() -> stream.before(room, at.epoch(), at.seq(), limit))
                .thenApply(page -> history(room, page));
        return archiver == null ? held : held.thenCompose(h -> olderFromArchive(room, id, limit, h));
    }

    /**
     * {@code held} (what Redis has before {@code id}) completed from the archive when it is
     * short: the archived messages before its oldest one, or before {@code id} when Redis held
     * none (trimmed, expired, lost). The archive keeps the room's order across Redis' epochs, so
     * the page joins Redis' part without a gap or a duplicate. If the database cannot answer, the
     * page is what Redis has, or, when that is nothing, the read fails (the client asks again).
     */
    private CompletionStage<History> olderFromArchive(String room, String id, int limit, History held) {
        List<ChatMessage> newer = held.messages();
        if (newer.size() >= limit) {
            return CompletableFuture.completedFuture(held);
        }
        String from = newer.isEmpty() ? id : newer.get(0).id();
        return archiver.archive().before(room, from, limit - newer.size()).handle((older, error) -> {
            if (error != null) {
                if (newer.isEmpty()) {
                    throw new EngineUnavailableException("the archive did not answer: " + error, error);
                }
                return held;
            }
            List<ChatMessage> page = new ArrayList<>(older);
            page.addAll(newer);
            return new History(page, held.epoch(), held.seq());
        });
    }

    /** Whether this node is connected to Redis now (for readiness); it reconnects by itself. */
    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public boolean isAvailable() {
        return redis.isConnected();
    }

    private static History history(String room, StreamPage page) {
        List<ChatMessage> messages = new ArrayList<>(page.entries().size());
        for (StreamEntry e : page.entries()) {
            try {
                messages.add(MessageFields.stored(room, e).message());
            } catch (RuntimeException unreadable) { // not written by this engine
                LOG.log(Level.WARNING, "Room " + room + ": entry " + e.id() + " left out of history", unreadable);
            }
        }
        return new History(messages, page.epoch(), page.lastSeq());
    }

    /** {@code command}'s stage, failed with {@link EngineUnavailableException} for whatever kept Redis from answering. */
    private static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        RedisConnections.failFast(command).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                result.completeExceptionally(new EngineUnavailableException("Redis did not answer: " + cause, cause));
            }
        });
        return result;
    }

    /** A message id {@code EPOCH-SEQ}, or null for a string that is none. */
    private record Id(String epoch, long seq) {
        static Id parse(String id) {
            int dash = id == null ? -1 : id.lastIndexOf('-');
            if (dash <= 0 || dash == id.length() - 1 || id.length() - dash > 19) {
                return null;
            }
            for (int i = dash + 1; i < id.length(); i++) {
                if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                    return null;
                }
            }
            long seq = Long.parseLong(id.substring(dash + 1));
            return seq < 1 ? null : new Id(id.substring(0, dash), seq);
        }
    }
}
