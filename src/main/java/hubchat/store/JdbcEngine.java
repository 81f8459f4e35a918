package hubchat.store;

import hubchat.engine.Appended;
import hubchat.engine.Engine;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.History;
import hubchat.protocol.ChatMessage;
import hubchat.protocol.Frames;
import hubchat.protocol.UnencodableFrameException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The engine of a node alone with a database: history kept across restarts. Messages are
 * committed in groups by the store's one thread ({@link StoreWriter}) and delivered and
 * acknowledged only once committed. Each room's newest messages and latest cids stay in memory
 * ({@link RoomCache}) while the room is in use, so joins and re-sends do not read the database;
 * older pages are read on reader threads. No caller ever waits on the database.
 *
 * <p>One node owns a database: two nodes on one database would give the same seqs twice (use
 * Redis to run several nodes).
 */
public final class JdbcEngine implements Engine, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Threads reading pages of history that are not in memory. */
    private static final int READERS = 2;

    private final Database db;
    private final String epoch;
    private final int historySize;
    private final ConcurrentHashMap<String, RoomCache> rooms = new ConcurrentHashMap<>();
    private final StoreWriter writer;
    private final Thread writerThread;
    private final ExecutorService readers = Executors.newFixedThreadPool(READERS, r -> {
        Thread t = new Thread(r, "hubchat-store-read");
        t.setDaemon(true);
        return t;
    });

    /**
     * Migrates {@code db}'s tables (failing the start if they are newer than this release) and
     * starts the store's thread. A database that cannot be reached now is not a failure: the
     * store starts unavailable and migrates once it can.
     */
    public JdbcEngine(Database db, int historySize, long historyBytes, long idleMillis, int retainMessages,
            int retainDays, LongSupplier clock) {
        this.db = db;
        this.historySize = historySize;
        this.epoch = Long.toString(clock.getAsLong(), 36) + Integer.toString(RANDOM.nextInt(36 * 36 * 36), 36);
        StoreOptions options = new StoreOptions(epoch, historySize, historyBytes, idleMillis, retainMessages, retainDays);
        this.writer = new StoreWriter(db, rooms, options, clock);
        writer.prepare();
        this.writerThread = new Thread(writer, "hubchat-store");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    @Override
    public void open(String room, Feed feed) {
        writer.submit(new StoreRequest.Open(room, feed, new CompletableFuture<>()));
    }

    @Override
    public void close(String room) {
        writer.submit(new StoreRequest.Open(room, null, new CompletableFuture<>()));
    }

    @Override
    public CompletionStage<Appended> append(String room, String sender, String senderId, String origin, String text,
            String cid) {
        try {
            for (String field : new String[] {room, sender, senderId, text, origin, cid}) {
                Frames.requireEncodable(field);
                if (field != null && field.indexOf('\0') >= 0) { // PostgreSQL's text cannot hold NUL
                    throw new UnencodableFrameException("a NUL character cannot be stored");
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!writer.isAvailable()) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("the database is unreachable", null));
        }
        CompletableFuture<Appended> done = new CompletableFuture<>();
        writer.submit(new StoreRequest.Append(room, sender, senderId, origin, text, cid, done));
        return done;
    }

    @Override
    public CompletionStage<History> latest(String room, int limit) {
        return cache(room).thenCompose(c -> {
            History h = c.latest(limit);
            return h != null ? CompletableFuture.completedFuture(h)
                    : read(conn -> history(MessageTable.before(conn, room, Long.MAX_VALUE, limit), 0));
        });
    }

    @Override
    public CompletionStage<Optional<History>> after(String room, String id) {
        MessageRow.Position at = MessageRow.parse(id);
        if (at == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return cache(room).thenCompose(c -> {
            Optional<History> h = c.after(at);
            if (h != null) {
                return CompletableFuture.completedFuture(h);
            }
            return read(conn -> {
                OptionalLong atSeq = MessageTable.seqOf(conn, room, at);
                if (atSeq.isEmpty()) {
                    return Optional.<History>empty();
                }
                List<MessageRow> rows = MessageTable.after(conn, room, atSeq.getAsLong(), historySize + 1);
                // More than a welcome may carry: the client cannot resume without a gap.
                return rows.size() > historySize ? Optional.<History>empty() : Optional.of(history(rows, atSeq.getAsLong()));
            });
        });
    }

    @Override
    public CompletionStage<History> before(String room, String id, int limit) {
        MessageRow.Position at = MessageRow.parse(id);
        if (at == null) {
            return CompletableFuture.completedFuture(new History(List.of(), epoch, 0));
        }
        return cache(room).thenCompose(c -> {
            History h = c.before(at, limit);
            return h != null ? CompletableFuture.completedFuture(h) : read(conn -> {
                OptionalLong atSeq = MessageTable.seqOf(conn, room, at);
                return atSeq.isEmpty() ? new History(List.of(), epoch, c.seq())
                        : history(MessageTable.before(conn, room, atSeq.getAsLong(), limit), c.seq());
            });
        });
    }

    @Override
    public String kind() {
        return "database";
    }

    @Override
    public boolean isAvailable() {
        return writer.isAvailable();
    }

    /** Lets the store's thread commit what it was given, then closes the database. */
    @Override
    public void close() {
        writer.stop();
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdownNow();
        db.close();
    }

    /** The room's cache, loaded through the store's thread if it is not in memory. */
    private CompletionStage<RoomCache> cache(String room) {
        RoomCache c = rooms.get(room);
        if (c != null) {
            return CompletableFuture.completedFuture(c);
        }
        CompletableFuture<RoomCache> loaded = new CompletableFuture<>();
        writer.submit(new StoreRequest.Load(room, loaded));
        return loaded;
    }

    /**
     * Rows read from the database as history, positioned at the last row read ({@code orElse}
     * if none): what was committed after the read reaches the room through its feed, after
     * that position, so history and live messages join without a gap.
     */
    private History history(List<MessageRow> rows, long orElse) {
        List<ChatMessage> messages = new ArrayList<>(rows.size());
        for (MessageRow r : rows) {
            messages.add(r.stored(epoch).message());
        }
        return new History(messages, epoch, rows.isEmpty() ? orElse : rows.get(rows.size() - 1).seq());
    }

    private interface Read<T> {
        T from(Connection c) throws SQLException;
    }

    private <T> CompletionStage<T> read(Read<T> query) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = db.connect()) {
                return query.from(c);
            } catch (SQLException e) {
                throw new EngineUnavailableException("the database did not answer: " + e.getMessage(), e);
            }
        }, readers);
    }
}
