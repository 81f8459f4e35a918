package hubchat.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The tool's monotonic clock: nanoseconds since the tool started. It stamps every message (the
 * {@code <sendns>} field of a token) and every receive, so latency is one subtraction on one
 * clock; the progress log prints it too.
 */
final class MonoClock {

    /** One second in nanoseconds. */
    static final long SEC = 1_000_000_000L;
    /** {@link System#nanoTime()} when the tool started: the clock's zero. */
    private static final long ORIGIN = System.nanoTime();

    private MonoClock() {
    }

    /** Nanoseconds since the tool started. */
    static long now() {
        return System.nanoTime() - ORIGIN;
    }

    /** Sleeps for {@code nanos} (not interruptible; returns at once if not positive). */
    static void sleepNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** Sleeps until {@link #now()} reaches {@code t}. */
    static void sleepUntil(long t) {
        sleepNanos(t - now());
    }
}
