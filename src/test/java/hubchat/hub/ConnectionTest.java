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

/** The per-connection send queue: bounded, ordered, one write in flight, never blocking. */
class ConnectionTest {
    @Test
    void framesAreWrittenInOrderOneAtATime() throws Exception {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        List<String> written = new ArrayList<>();
        Transport manual = new RecordingTransport(written, pending);
        Connection c = new Connection(manual, 1 << 20, Runnable::run);
        c.send(OutboundFrame.of("a"));
        c.send(OutboundFrame.of("b"));
        c.send(OutboundFrame.of("c"));
        assertEquals(List.of("a"), written, "second write waits for the first");
        pending.remove(0).accept(null);
        assertEquals(List.of("a", "b"), written);
        pending.remove(0).accept(null);
        pending.remove(0).accept(null);
        assertEquals(List.of("a", "b", "c"), written);
        assertEquals(0, c.queuedBytes());
    }

    @Test
    void writesThatCompleteInlineDoNotGrowTheStack() {
        // Queue many frames behind a stalled first write, then let them all complete inline.
        List<Consumer<Throwable>> pending = new ArrayList<>();
        List<String> written = new ArrayList<>();
        boolean[] stallFirst = {true};
        Transport t = new Transport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
                written.add(text);
                if (stallFirst[0]) {
                    stallFirst[0] = false;
                    pending.add(done);
                } else {
                    done.accept(null);
                }
            }

            @Override
            public void sendPing() {
            }

            @Override
            public void close(int code, String reason) {
            }
        };
        Connection deep = new Connection(t, Long.MAX_VALUE, Runnable::run);
        for (int i = 0; i < 200_000; i++) {
            deep.send(OutboundFrame.of("f"));
        }
        pending.get(0).accept(null);
        assertEquals(200_000, written.size());
        assertFalse(deep.isClosed());
    }

    @Test
    void aFullQueueClosesTheConnectionWith1013AndDropsWhatWasQueued() throws Exception {
        FakeTransport stalled = FakeTransport.stalled();
        Connection c = new Connection(stalled, 100, Runnable::run);
        c.send(OutboundFrame.of("x".repeat(60))); // in flight
        c.send(OutboundFrame.of("y".repeat(30)));
        assertFalse(c.isClosed());
        c.send(OutboundFrame.of("z".repeat(20)));
        assertTrue(c.isClosed());
        assertEquals(CloseCodes.TRY_AGAIN_LATER, stalled.awaitClose());
        c.send(OutboundFrame.of("after"));
        assertEquals(1, stalled.frames.size(), "nothing written after the close");
    }

    @Test
    void anEmptyQueueTakesOneFrameLargerThanTheLimit() {
        FakeTransport reading = FakeTransport.reading();
        Connection c = new Connection(reading, 10, Runnable::run);
        c.send(OutboundFrame.of("a welcome with a long history"));
        assertFalse(c.isClosed());
        assertEquals(1, reading.frames.size());
    }

    @Test
    void sendersOnManyThreadsNeverOverlapWrites() throws Exception {
        ExecutorService completer = Executors.newSingleThreadExecutor();
        FakeTransport counting = FakeTransport.reading();
        Transport async = new Transport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
                counting.sendText(text, e -> { });
                completer.execute(() -> done.accept(null));
            }

            @Override
            public void sendPing() {
            }

            @Override
            public void close(int code, String reason) {
            }
        };
        Connection c = new Connection(async, Long.MAX_VALUE, Runnable::run);
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
        assertEquals(20_000, counting.frames.size());
        assertEquals(1, counting.maxInFlight.get());
    }

    @Test
    void pingIsSkippedWhileAWriteIsInFlight() {
        FakeTransport stalled = FakeTransport.stalled();
        Connection c = new Connection(stalled, 1 << 20, Runnable::run);
        c.ping();
        assertEquals(1, stalled.pings.get());
        c.send(OutboundFrame.of("busy"));
        c.ping();
        assertEquals(1, stalled.pings.get());
    }

    /** Records writes and leaves completing them to the test. */
    private record RecordingTransport(List<String> written, List<Consumer<Throwable>> pending) implements Transport {
        @Override
        public void sendText(String text, Consumer<Throwable> done) {
            written.add(text);
            pending.add(done);
        }

        @Override
        public void sendPing() {
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
