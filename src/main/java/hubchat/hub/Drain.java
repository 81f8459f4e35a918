package hubchat.hub;

import hubchat.protocol.Disconnect;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * A hub's drain before it stops (a rolling restart, an undeploy): from its start the hub is not
 * ready and refuses new connections; every open connection goes on getting what was queued for
 * it, and what its room queues meanwhile, and is closed with 1001 {@code restarting} as soon as
 * nothing is left to write. A connection whose peer has not taken everything when the drain
 * timeout ({@code CHAT_DRAIN_SECONDS}) passes is closed then, what it had queued dropped, so a
 * stalled reader cannot hold a shutdown beyond it. Clients resume elsewhere with {@code since}.
 *
 * <p>The timeout runs on the hub's {@link Timekeeper}, so hub tests move it by hand.
 */
final class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    /** The cause every drained connection is closed for. */
    static final Disconnect CAUSE = Disconnect.RESTARTING;

    private final Members members;
    private final Timekeeper time;
    private final long timeoutMillis;
    private volatile CompletableFuture<Void> done;

    Drain(Members members, Timekeeper time, long timeoutMillis) {
        this.members = members;
        this.time = time;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Starts the drain, once however often called; the returned stage completes when every
     * connection open at its start is closed. Connections that join later are refused by the
     * hub, and one that slipped in as the drain started is closed by the hub's stop.
     */
    synchronized CompletableFuture<Void> start() {
        if (done != null) {
            return done;
        }
        if (timeoutMillis == 0) {
            members.closeAll(CAUSE);
            done = CompletableFuture.completedFuture(null);
            return done;
        }
        long started = time.now();
        CompletableFuture<?>[] ends = members.closeAllWhenFlushed(CAUSE);
        LOG.info("draining " + ends.length + " connections for at most " + timeoutMillis
                + " ms: not ready, new connections refused, each closed (1001 restarting) once its queue is written");
        done = CompletableFuture.allOf(ends);
        done.thenRun(() -> LOG.info("drained: " + ends.length + " connections closed in " + (time.now() - started) + " ms"));
        time.schedule(() -> {
            int left = members.openCount();
            if (left > 0) {
                LOG.info(left + " connections not flushed within " + timeoutMillis + " ms (stalled readers): closed now, their queues dropped");
            }
            members.closeAll(CAUSE);
        }, timeoutMillis);
        return done;
    }

    /** True from the start of the drain on. */
    boolean started() {
        return done != null;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }
}
