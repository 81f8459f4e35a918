package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.CloseCodes;
import hubchat.protocol.OutboundFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The per-connection send queue: bounded, ordered, batched, one writer at a time, never blocking. */
class ConnectionTest {
    private static final java.util.concurrent.Executor INLINE = Runnable::run;

    @Test
    void everythingQueuedBeforeADrainGoesOutInOneWriteInOrder() {
        FakeTransport t = FakeTransport.reading();
        Connection c = new Connection(t, 1 << 20, INLINE, INLINE);
        assertTrue(c.offer(OutboundFrame.of("a")), "the first offer takes on the drain");
        assertFalse(c.offer(OutboundFrame.of("b")));
        assertFalse(c.offer(OutboundFrame.of("c")));
        assertTrue(t.frames.isEmpty(), "offer never writes");
        c.drain();
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(t.frames));
        assertEquals(1, t.writes.get());
        assertEquals(0, c.queuedBytes());
        assertTrue(c.offer(OutboundFrame.of("d")), "an idle connection needs a new drain");
    }

    @Test
    void framesQueuedWhileAWriteIsInFlightFollowItWhenItCompletes() {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        List<List<String>> writes = new ArrayList<>();
        Connection c = new Connection(new ManualTransport(writes, pending), 1 << 20, INLINE, INLINE);
        c.offer(OutboundFrame.of("a"));
        c.drain();
        assertFalse(c.offer(OutboundFrame.of("b")), "the drain is still under way");
        c.offer(OutboundFrame.of("c"));
        assertEquals(List.of(List.of("a")), writes, "no second write while one is in flight");
        pending.remove(0).accept(null);
        assertEquals(List.of(List.of("a"), List.of("b", "c")), writes);
        pending.remove(0).accept(null);
        assertEquals(0, c.queuedBytes());
    }

    @Test
    void manyBatchesThatCompleteInlineDoNotGrowTheStack() {
        FakeTransport t = FakeTransport.reading();
        Connection c = new Connection(t, Long.MAX_VALUE, INLINE, INLINE);
        String frame = "x".repeat(100);
        for (int i = 0; i < 200_000; i++) {
            c.offer(OutboundFrame.of(frame));
        }
        c.drain();
        assertEquals(200_000, t.frames.size());
        assertTrue(t.writes.get() > 100, "large queues are written in bounded batches: " + t.writes.get());
    }

    @Test
    void aFullQueueClosesTheConnectionWith1013AndDropsWhatWasQueued() throws Exception {
        FakeTransport stalled = FakeTransport.stalled();
        Connection c = new Connection(stalled, 100, INLINE, INLINE);
        c.offer(OutboundFrame.of("x".repeat(60)));
        c.drain(); // in flight for ever
        c.offer(OutboundFrame.of("y".repeat(30)));
        assertFalse(c.isClosed());
        c.offer(OutboundFrame.of("z".repeat(20)));
        assertTrue(c.isClosed());
        assertEquals(CloseCodes.TRY_AGAIN_LATER, stalled.awaitClose());
        assertFalse(c.offer(OutboundFrame.of("after")));
        assertEquals(1, stalled.frames.size(), "nothing written after the close");
    }

    @Test
    void anEmptyQueueTakesOneFrameLargerThanTheLimit() {
        FakeTransport t = FakeTransport.reading();
        Connection c = new Connection(t, 10, INLINE, INLINE);
        c.send(OutboundFrame.of("a welcome with a long history"));
        assertFalse(c.isClosed());
        assertEquals(1, t.frames.size());
    }

    @Test
    void sendersOnManyThreadsNeverOverlapWrites() throws Exception {
        ExecutorService completer = Executors.newSingleThreadExecutor();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        FakeTransport counting = FakeTransport.reading();
        Transport async = new Transport() {
            @Override
            public void write(List<String> frames, Consumer<Throwable> done) {
                counting.write(frames, e -> { });
                completer.execute(() -> done.accept(null));
            }

            @Override
            public void ping() {
            }

            @Override
            public void close(int code, String reason) {
            }
        };
        Connection c = new Connection(async, Long.MAX_VALUE, writers, INLINE);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            senders.execute(() -> {
                for (int n = 0; n < 5000; n++) {
                    c.send(OutboundFrame.of("m"));
                }
            });
        }
        senders.shutdown();
        assertTrue(senders.awaitTermination(10, TimeUnit.SECONDS));
        long deadline = System.currentTimeMillis() + 10_000;
        while (counting.frames.size() < 20_000 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        completer.shutdown();
        writers.shutdown();
        assertEquals(20_000, counting.frames.size());
        assertEquals(1, counting.maxInFlight.get());
    }

    @Test
    void aPingGoesOutWithTheNextDrainNotDuringAWrite() {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        List<List<String>> writes = new ArrayList<>();
        ManualTransport t = new ManualTransport(writes, pending);
        Connection c = new Connection(t, 1 << 20, INLINE, INLINE);
        c.ping();
        assertEquals(1, t.pings);
        c.offer(OutboundFrame.of("busy"));
        c.drain();
        c.ping();
        assertEquals(1, t.pings, "no ping while a write is in flight");
        pending.remove(0).accept(null);
        assertEquals(2, t.pings, "the pending ping follows the write");
    }

    /** Records writes and leaves completing them to the test. */
    private static final class ManualTransport implements Transport {
        final List<List<String>> writes;
        final List<Consumer<Throwable>> pending;
        int pings;

        ManualTransport(List<List<String>> writes, List<Consumer<Throwable>> pending) {
            this.writes = writes;
            this.pending = pending;
        }

        @Override
        public void write(List<String> frames, Consumer<Throwable> done) {
            writes.add(List.copyOf(frames));
            pending.add(done);
        }

        @Override
        public void ping() {
            pings++;
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
