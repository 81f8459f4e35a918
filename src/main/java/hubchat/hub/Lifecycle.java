package hubchat.hub;

import hubchat.engine.Engine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A hub's life from the outside: starting (its engine not reached yet), ready, not ready while
 * the engine is away, draining, stopped; and what a stop does, in order: the drain
 * ({@link Drain}), whoever is left closed, the hub's threads stopped, then what the wiring gave
 * it to close. Readiness is what {@code /health/ready} and {@code hubchat_ready} report.
 */
final class Lifecycle {
    private static final Logger LOG = Logger.getLogger(ChatHub.class.getName());
    /** How long past the drain timeout a stop waits for the drain, in case the hub's timer cannot run it. */
    private static final long DRAIN_GRACE_MILLIS = 1_000;

    private final Engine engine;
    private final Members members;
    private final HubExecutors executors;
    private final Drain drain;
    private final List<AutoCloseable> closeAtStop = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    /** Whether the engine has been reachable since the hub was made: until then the hub is starting. */
    private volatile boolean engineReached;

    Lifecycle(Engine engine, Members members, HubExecutors executors, Drain drain) {
        this.engine = engine;
        this.members = members;
        this.executors = executors;
        this.drain = drain;
    }

    /** See {@link ChatHub#drain}. */
    CompletableFuture<Void> drain() {
        return drain.start();
    }

    /** True from the start of the drain on: no one joins any more. */
    boolean refusesJoins() {
        return drain.started() || stopped;
    }

    boolean draining() {
        return drain.started();
    }

    /** See {@link ChatHub#stop}. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        try {
            drain().get(drain.timeoutMillis() + DRAIN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warning("the drain did not end within " + drain.timeoutMillis() + " ms: closing every connection now");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
        members.closeAll(Drain.CAUSE); // a join that raced the drain's start
        executors.shutdown();
        for (AutoCloseable resource : closeAtStop) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + resource + " at stop failed", e);
            }
        }
    }

    void closingAtStop(AutoCloseable resource) {
        closeAtStop.add(resource);
    }

    /** Whether the hub can serve chat now, and if not, why. */
    Readiness readiness() {
        if (stopped) {
            return Readiness.not(Readiness.STOPPED);
        }
        if (drain.started()) {
            return Readiness.not(Readiness.DRAINING);
        }
        if (engine.isAvailable()) {
            engineReached = true;
            return Readiness.READY;
        }
        return new Readiness(false, engineReached ? Readiness.ENGINE_UNAVAILABLE : Readiness.STARTING, engine.kind());
    }
}
