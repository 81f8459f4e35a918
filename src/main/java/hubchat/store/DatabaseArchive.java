package hubchat.store;

import hubchat.archive.Archive;
import hubchat.archive.ArchivedMessage;
import hubchat.engine.EngineUnavailableException;
import hubchat.protocol.ChatMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The archive of a chat on Redis in a database server ({@code CHAT_DB_URL} or {@code CHAT_DB_JNDI}),
 * shared by every node: {@code hubchat_archive}, one row per message, keyed by the message's
 * Redis id, so that a message handed to it twice (its hand-over lost, or taken over from a node
 * that died) is stored once. Archivers of one room take turns on the room's row of
 * {@code hubchat_archive_rooms}, so each sees what the one before it committed. Retention is the
 * store's ({@link Retention}): the newest {@code CHAT_RETAIN_MESSAGES} per room, kept at every
 * commit, and {@code CHAT_RETAIN_DAYS}, once a minute.
 *
 * <p>Pages are read on two threads of its own with a short queue, each query bounded in time, so
 * a slow or absent database fails a page rather than piling up work or holding anyone else.
 */
public final class DatabaseArchive implements Archive, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DatabaseArchive.class.getName());
    /** Threads reading pages of history from the database. */
    private static final int READERS = 2;
    /** Page reads that may wait for a reader; one more fails at once (the database is slow or gone). */
    private static final int READ_QUEUE = 64;
    /** Longest a page's query may run. */
    private static final int QUERY_TIMEOUT_SECONDS = 5;
    /** Tries of a batch that met another archiver of the room (a unique violation) or a deadlock. */
    private static final int ATTEMPTS = 3;

    private final Database db;
    private final int retainMessages;
    private final int retainDays;
    private final LongSupplier clock;
    private final ThreadPoolExecutor readers;
    private volatile boolean migrated;
    /** When retention by age last ran; only the archiving thread reads and writes it. */
    private long lastRetention = Long.MIN_VALUE / 2;

    /**
     * An archive in {@code db}, keeping {@code retainMessages} per room for {@code retainDays} (0:
     * no limit by age). Brings the tables up to date now; tables newer than this release stop
     * the start, a database out of reach does not (the tables are made once it answers).
     */
    public DatabaseArchive(Database db, int retainMessages, int retainDays, LongSupplier clock) {
        this.db = db;
        this.retainMessages = retainMessages;
        this.retainDays = retainDays;
        this.clock = clock;
        this.readers = new ThreadPoolExecutor(READERS, READERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(READ_QUEUE), r -> {
                    Thread t = new Thread(r, "hubchat-archive-read");
                    t.setDaemon(true);
                    return t;
                });
        try (Connection c = connect()) {
            LOG.fine(() -> "archive database reached: " + db.description());
        } catch (SQLException e) {
            LOG.warning("The archive's database cannot be reached now (" + e.getMessage()
                    + "); messages wait in Redis until it can");
        }
    }

    @Override
    public void store(String room, List<ArchivedMessage> messages) {
        try {
            attempt(room, messages);
        } catch (SQLException e) {
            if (!isData(e)) {
                throw unavailable(e);
            }
            // A message the database refuses as data (none this application stores should be)
            // must not hold back the rest of its room forever: each is tried alone.
            for (ArchivedMessage m : messages) {
                try {
                    attempt(room, List.of(m));
                } catch (SQLException alone) {
                    if (!isData(alone)) {
                        throw unavailable(alone);
                    }
                    LOG.severe("The archive's database refuses message " + m.id() + " of room " + room + " ("
                            + alone.getMessage() + "): it is not archived, only Redis' history has it");
                }
            }
        }
    }

    @Override
    public CompletionStage<List<ChatMessage>> before(String room, String id, int limit) {
        try {
            return CompletableFuture.supplyAsync(() -> read(room, id, limit), readers);
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("the archive's database is busy", busy));
        }
    }

    @Override
    public void maintain() {
        long now = clock.getAsLong();
        if (retainDays == 0 || now - lastRetention < Housekeeping.RETENTION_MILLIS) {
            return;
        }
        lastRetention = now; // tried once a minute, whether the database answers or not
        try (Connection c = connect()) {
            c.setAutoCommit(true);
            int deleted = Retention.ARCHIVE.dropOlderThan(c, now, retainDays);
            if (deleted > 0) {
                LOG.fine(() -> "archive retention deleted " + deleted + " messages older than " + retainDays + " days");
            }
        } catch (SQLException e) {
            LOG.fine(() -> "archive retention: " + e);
        }
    }

    @Override
    public String description() {
        return db.description();
    }

    /** Stops the readers and closes the database (the archiving thread must have stopped). */
    @Override
    public void close() {
        readers.shutdownNow();
        db.close();
    }

    /** One transaction storing the messages not stored yet; tried again after a conflict with another archiver. */
    private void attempt(String room, List<ArchivedMessage> messages) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try {
                    insertMissing(c, room, messages);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    rollback(c);
                    if (!isConflict(e) || attempt == ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    private void insertMissing(Connection c, String room, List<ArchivedMessage> messages) throws SQLException {
        long last = ArchiveTable.lockRoom(c, room); // from here on no other archiver of the room commits
        Map<String, ArchivedMessage> byId = new LinkedHashMap<>();
        messages.forEach(m -> byId.putIfAbsent(m.id(), m));
        Set<String> there = ArchiveTable.archived(c, room, new ArrayList<>(byId.keySet()));
        List<ArchivedMessage> missing = byId.values().stream().filter(m -> !there.contains(m.id())).toList();
        if (missing.isEmpty()) {
            return;
        }
        ArchiveTable.insert(c, room, missing, last + 1);
        long newLast = last + missing.size();
        ArchiveTable.saveLastNum(c, room, newLast);
        Retention.ARCHIVE.keepNewest(c, room, newLast, retainMessages);
    }

    private List<ChatMessage> read(String room, String id, int limit) {
        try (Connection c = connect()) {
            Optional<ArchivedMessage> at = ArchiveTable.find(c, room, id, QUERY_TIMEOUT_SECONDS);
            if (at.isEmpty()) {
                return List.of();
            }
            List<ChatMessage> page = new ArrayList<>();
            for (ArchivedMessage m : ArchiveTable.before(c, room, at.get(), limit, QUERY_TIMEOUT_SECONDS)) {
                try {
                    page.add(new ChatMessage(m.id(), room, m.sender(), m.senderId(), m.text(), m.sentAt()));
                } catch (RuntimeException unwritable) { // not written by this application
                    LOG.log(Level.WARNING, "Room " + room + ": archived message " + m.id() + " left out of history", unwritable);
                }
            }
            return page;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A connection whose database has this release's tables (made or brought up to date on the first). */
    private Connection connect() throws SQLException {
        Connection c = db.connect();
        if (!migrated) {
            synchronized (this) {
                try {
                    if (!migrated) {
                        int found = Schema.migrate(c);
                        migrated = true;
                        if (found < Schema.CURRENT) {
                            LOG.info("Archive tables made or brought from version " + found + " to " + Schema.CURRENT);
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
            }
        }
        return c;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is gone: nothing was committed
        }
    }

    /** SQLState class 22: the database refuses the data itself (too long, a character it cannot hold). */
    private static boolean isData(SQLException e) {
        return hasState(e, "22");
    }

    /** Class 23 (another archiver made the same row first) or 40 (a deadlock or serialization failure): try again. */
    private static boolean isConflict(SQLException e) {
        return hasState(e, "23") || hasState(e, "40");
    }

    private static boolean hasState(SQLException e, String sqlClass) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null && x.getSQLState().startsWith(sqlClass)) {
                return true;
            }
        }
        return false;
    }

    private static EngineUnavailableException unavailable(SQLException e) {
        return new EngineUnavailableException("the archive's database did not answer: " + e.getMessage(), e);
    }
}
