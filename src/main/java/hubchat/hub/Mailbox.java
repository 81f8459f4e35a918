package hubchat.hub;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A room's inbound events, and the flag that keeps at most one drain of them scheduled on the
 * executor at a time. That single drain is what gives a room its total order.
 */
final class Mailbox {
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    void add(Runnable event) {
        events.add(event);
    }

    Runnable poll() {
        return events.poll();
    }

    /** True if the caller won the right, and the duty, to schedule a drain. */
    boolean claim() {
        return scheduled.compareAndSet(false, true);
    }

    /**
     * Ends a drain's turn. True if events are still waiting and the caller must schedule
     * another drain (either this check sees a late event, or its producer's claim succeeds).
     */
    boolean release() {
        scheduled.set(false);
        return !events.isEmpty() && claim();
    }
}
