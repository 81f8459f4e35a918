package hubchat.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * What the store's thread does between batches: probes a lost database, deletes the messages
 * older than retention keeps (at most every {@link #RETENTION_MILLIS}; the count bound is kept
 * at every commit), and forgets the caches of rooms
 * closed on this node and idle for the idle time (their history stays in the database).
 */
final class Housekeeping implements Runnable {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
    /** How often retention runs. */
    static final long RETENTION_MILLIS = 60_000;

    private final StoreWriter writer;

    Housekeeping(StoreWriter writer) {
        this.writer = writer;
    }

    @Override
    public void run() {
        if (!writer.isAvailable() && !writer.probe()) {
            return;
        }
        long now = writer.now();
        StoreOptions o = writer.options();
        writer.rooms().values().removeIf(cache -> cache.idleSince(now - o.idleMillis()));
        if (now - writer.lastRetention() < RETENTION_MILLIS) {
            return;
        }
        writer.retained(now);
        if (o.retainDays() == 0) {
            return;
        }
        long sentBefore = Retention.cutoff(now, o.retainDays());
        try {
            Connection c = writer.connection();
            int deleted = Retention.MESSAGES.dropOlderThan(c, now, o.retainDays());
            c.commit();
            writer.rooms().values().forEach(cache -> cache.forgetSentBefore(sentBefore));
            if (deleted > 0) {
                LOG.fine(() -> "retention deleted " + deleted + " messages older than " + o.retainDays() + " days");
            }
        } catch (SQLException e) {
            writer.lost(e);
        }
    }
}
