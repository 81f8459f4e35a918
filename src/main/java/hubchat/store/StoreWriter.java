package hubchat.store;

import hubchat.engine.EngineUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store's one writing thread. It alone gives seqs, loads rooms into their caches and changes
 * them, so a room's order is the order of its requests here, with no lock to agree on. It takes
 * every request waiting at once and commits their messages in one transaction (group commit);
 * only after the commit are they delivered and acknowledged, so what a sender sees acknowledged
 * is stored. A failed commit fails every message of the batch (nothing of it is kept, and
 * nothing is acknowledged) and the store counts as unavailable until a probe gets through.
 */
final class StoreWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(StoreWriter.class.getName());
    /** Most messages in one transaction. */
    private static final int MAX_BATCH = 1_000;
    /** How often the thread wakes when idle: to probe a lost database, apply retention, drop idle rooms. */
    private static final long TICK_MILLIS = 1_000;

    private final Database db;
    private final Map<String, RoomCache> rooms;
    private final StoreOptions options;
    private final LongSupplier clock;
    private final BlockingQueue<StoreRequest> requests = new LinkedBlockingQueue<>();
    /** Rooms of a batch whose commit failed: it may have been applied (see {@link CommitBatch#catchUp}). */
    private final Set<String> unsure = new HashSet<>();
    /** Opens and closes of a failed batch, done again first in the next one: the hub asks for each once. */
    private final List<StoreRequest> unopened = new ArrayList<>();
    private volatile boolean available = true;
    private volatile boolean stopping;
    private Connection connection;
    private boolean migrated;
    /** The last message number committed; read from the database with each new connection. */
    private long lastNum;
    private long lastHousekeeping = System.nanoTime();
    private long lastRetention = Long.MIN_VALUE / 2;

    StoreWriter(Database db, Map<String, RoomCache> rooms, StoreOptions options, LongSupplier clock) {
        this.db = db;
        this.rooms = rooms;
        this.options = options;
        this.clock = clock;
    }

    void submit(StoreRequest r) {
        requests.add(r);
    }

    boolean isAvailable() {
        return available;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        while (!stopping || !requests.isEmpty()) {
            List<StoreRequest> batch = new ArrayList<>();
            try {
                StoreRequest first = requests.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    requests.drainTo(batch, MAX_BATCH - 1);
                    handle(batch);
                }
                if (System.nanoTime() - lastHousekeeping >= TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS)) {
                    lastHousekeeping = System.nanoTime(); // real time: the clock may be a test's
                    new Housekeeping(this).run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(batch, new EngineUnavailableException("the store is stopping", e));
                break;
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "store writer", e);
                fail(batch, new EngineUnavailableException("the store failed: " + e, e));
            }
        }
        closeConnection();
    }

    private void handle(List<StoreRequest> asked) {
        List<StoreRequest> batch = new ArrayList<>(unopened);
        batch.addAll(asked);
        if (!available && !probe()) {
            fail(batch, new EngineUnavailableException("the database is unreachable", null));
            keepOpens(batch);
            return;
        }
        CommitBatch work = new CommitBatch(rooms, options, clock.getAsLong(), lastNum);
        try {
            Connection c = connection();
            work.catchUp(c, unsure);
            unsure.clear();
            for (StoreRequest r : batch) {
                r.into(work, c);
            }
            work.write(c);
            c.commit();
            lastNum = work.lastNum();
        } catch (SQLException e) {
            unsure.addAll(work.appendedRooms());
            lost(e);
            work.failed(new EngineUnavailableException("the database did not store the message: " + e.getMessage(), e));
            keepOpens(batch);
            return;
        }
        unopened.clear();
        work.committed();
    }

    /** Keeps the opens and closes of a failed {@code batch}, in order, for the next one. */
    private void keepOpens(List<StoreRequest> batch) {
        unopened.clear();
        for (StoreRequest r : batch) {
            if (r instanceof StoreRequest.Open o) {
                unopened.add(new StoreRequest.Open(o.room(), o.feed(), new CompletableFuture<>()));
            }
        }
    }

    /** The connection the writer keeps, in its own transactions. */
    Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = db.connect();
            if (!migrated) {
                int found = Schema.migrate(c);
                migrated = true;
                if (found < Schema.CURRENT) {
                    LOG.info("Store tables made or brought from version " + found + " to " + Schema.CURRENT);
                }
            }
            c.setAutoCommit(false);
            lastNum = MessageTable.lastNum(c);
            c.commit();
            connection = c;
        }
        return connection;
    }

    /**
     * Connects and brings the tables up to date now, at start-up, so that tables newer than
     * this release stop the start; a database that cannot be reached is left to the probes.
     */
    void prepare() {
        try {
            connection();
        } catch (SQLException e) {
            lost(e);
        }
    }

    /** A database call failed: drop the connection (rolled back) and count the store unavailable. */
    void lost(SQLException e) {
        if (available) {
            LOG.warning("Store unavailable: " + e.getMessage());
        }
        available = false;
        closeConnection();
    }

    /** Whether the database answers again; if it does, the store is available again. */
    boolean probe() {
        try {
            if (connection().isValid(1)) {
                if (!available) {
                    LOG.info("Store available again");
                }
                available = true;
                return true;
            }
        } catch (SQLException e) {
            LOG.fine(() -> "Store probe: " + e);
        }
        closeConnection();
        return false;
    }

    Map<String, RoomCache> rooms() {
        return rooms;
    }

    StoreOptions options() {
        return options;
    }

    long now() {
        return clock.getAsLong();
    }

    long lastRetention() {
        return lastRetention;
    }

    void retained(long now) {
        lastRetention = now;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException e) {
                // it was lost already
            }
            connection = null;
        }
    }

    private static void fail(List<StoreRequest> batch, EngineUnavailableException e) {
        for (StoreRequest r : batch) {
            r.done().completeExceptionally(e);
        }
    }
}
