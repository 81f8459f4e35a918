package hubchat.hub;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes what one room turn queued, on the writer threads: the connections are split into up
 * to one part per writer thread, so that one room's fan-out uses every core.
 */
final class FanOut {
    /** Fewer writes than this per writer thread are not worth splitting a fan-out for. */
    private static final int MIN_WRITES_PER_TASK = 32;

    private final HubExecutors executors;

    FanOut(HubExecutors executors) {
        this.executors = executors;
    }

    /** Drains every connection; {@code done} runs once all are handed to their transports. */
    void write(List<Connection> connections, Runnable done) {
        int n = connections.size();
        int parts = Math.max(1, Math.min(executors.writerThreads(), n / MIN_WRITES_PER_TASK));
        AtomicInteger remaining = new AtomicInteger(parts);
        for (int p = 0; p < parts; p++) {
            List<Connection> part = connections.subList(p * n / parts, (p + 1) * n / parts);
            executors.write(() -> {
                try {
                    for (Connection c : part) {
                        c.drain();
                    }
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        done.run();
                    }
                }
            });
        }
    }
}
