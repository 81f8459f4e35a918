package hubchat.hub;

import hubchat.testing.JsonFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A socket stand-in for the hub's unit tests: records every frame and the close, and either
 * completes each write at once (a reader that keeps up) or never (a peer that stopped reading).
 */
final class FakeTransport implements Transport {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeCode;
    volatile String closeReason;
    private final boolean stalled;

    private FakeTransport(boolean stalled) {
        this.stalled = stalled;
    }

    static FakeTransport reading() {
        return new FakeTransport(false);
    }

    static FakeTransport stalled() {
        return new FakeTransport(true);
    }

    @Override
    public void write(List<String> texts, Consumer<Throwable> done) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        frames.addAll(texts);
        writes.incrementAndGet();
        if (!stalled) {
            inFlight.decrementAndGet();
            done.accept(null);
        }
    }

    @Override
    public void ping() {
        pings.incrementAndGet();
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        closed.countDown();
    }

    /** The next frame, parsed; fails after a timeout. */
    Map<String, Object> next() throws InterruptedException {
        String f = frames.poll(5, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within 5 s");
        }
        return JsonFrames.parse(f);
    }

    /** The next frame of {@code type}, skipping others. */
    Map<String, Object> next(String type) throws InterruptedException {
        while (true) {
            Map<String, Object> f = next();
            if (type.equals(f.get("type"))) {
                return f;
            }
        }
    }

    /** Every frame that arrives within {@code quiet} of the previous one. */
    List<Map<String, Object>> drain(Duration quiet) throws InterruptedException {
        List<Map<String, Object>> out = new ArrayList<>();
        String f;
        while ((f = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            out.add(JsonFrames.parse(f));
        }
        return out;
    }

    int awaitClose() throws InterruptedException {
        if (!closed.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("not closed within 5 s");
        }
        return closeCode;
    }
}
