package hubchat.hub;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A number of heap bytes that many connections draw from together, such as the memory all
 * unfinished messages may hold (CHAT_UNFINISHED_TEXT_BYTES). Whoever reserves must release
 * exactly what it reserved; {@link #used()} never passes {@link #limit()}. Thread-safe.
 */
public final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** Takes {@code bytes} if they fit, all or nothing; false if they would pass the limit. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back bytes reserved earlier. */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }
}
