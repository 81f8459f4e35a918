package hubchat.hub;

import hubchat.protocol.OutboundFrame;
import hubchat.testing.JsonFrames;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A socket stand-in for the hub's unit tests: records every frame, ping and the close, and either
 * completes each write at once (a reader that keeps up), or never (a peer that stopped reading
 * behind a container that says when the socket took the bytes), or at once without confirming
 * anything (a container that queues without limit, like Tyrus on Payara: only pongs confirm).
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
    /** The payload of the latest ping. */
    volatile byte[] lastPing;
    /** Frames written so far in all, and how many of them had been written when the close came. */
    final AtomicInteger written = new AtomicInteger();
    volatile int writtenAtClose = -1;
    private final boolean completes;
    private final boolean confirms;
    /** Completions of writes a held transport has not completed yet (see {@link #held}). */
    private final BlockingQueue<Consumer<Throwable>> pending = new LinkedBlockingQueue<>();
    private volatile boolean holding;

    private FakeTransport(boolean completes, boolean confirms) {
        this.completes = completes;
        this.confirms = confirms;
    }

    static FakeTransport reading() {
        return new FakeTransport(true, true);
    }

    static FakeTransport stalled() {
        return new FakeTransport(false, true);
    }

    /** Holds every write pending until the test completes it ({@link #completeHeldWrites}): a slow reader. */
    static FakeTransport held() {
        FakeTransport t = new FakeTransport(false, true);
        t.holding = true;
        return t;
    }

    /** Completes the writes held so far (a held transport), not those their completions start; returns how many. */
    int completeHeldWrites() {
        int n = pending.size();
        for (int i = 0; i < n; i++) {
            inFlight.decrementAndGet();
            pending.remove().accept(null);
        }
        return n;
    }

    /** Completes every write at once but confirms nothing: bytes count until a pong. */
    static FakeTransport queueing() {
        return new FakeTransport(true, false);
    }

    @Override
    public void write(List<OutboundFrame> texts, byte[] ping, Consumer<Throwable> done) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        texts.forEach(f -> frames.add(f.json()));
        written.addAndGet(texts.size());
        writes.incrementAndGet();
        if (ping != null) {
            lastPing = ping;
            pings.incrementAndGet();
        }
        if (completes) {
            inFlight.decrementAndGet();
            done.accept(null);
        } else if (holding) {
            pending.add(done);
        }
    }

    @Override
    public boolean confirmsWrites() {
        return confirms;
    }

    @Override
    public void close(int code, String reason) {
        writtenAtClose = written.get();
        closeCode = code;
        closeReason = reason;
        closed.countDown();
    }

    /** The next frame, parsed; fails after a timeout. */
    Map<String, Object> next() throws InterruptedException {
        return JsonFrames.parse(nextRaw());
    }

    /** The next frame as written; fails after a timeout. */
    String nextRaw() throws InterruptedException {
        String f = frames.poll(5, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within 5 s");
        }
        return f;
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

    int awaitClose() throws InterruptedException {
        if (!closed.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("not closed within 5 s");
        }
        return closeCode;
    }
}
