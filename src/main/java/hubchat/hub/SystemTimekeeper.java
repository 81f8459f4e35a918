package hubchat.hub;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The wall clock, and tasks run later on a scheduler of the hub's executors. */
public final class SystemTimekeeper implements Timekeeper {
    private static final Logger LOG = Logger.getLogger(SystemTimekeeper.class.getName());

    private final ScheduledExecutorService scheduler;

    public SystemTimekeeper(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        try {
            scheduler.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the hub has stopped: what it would have done no longer matters
        }
    }

    @Override
    public void every(Runnable task, long periodMillis) {
        scheduler.scheduleWithFixedDelay(guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** A periodic task that throws is silently dropped by the scheduler: log it instead. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "hub task failed", e);
            }
        };
    }
}
