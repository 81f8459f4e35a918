package hubchat.hub;

import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Disconnect;
import hubchat.protocol.OutboundFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
        assertEquals(0, c.outstandingBytes());
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
        assertEquals(0, c.outstandingBytes());
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
        assertClosedFor(Disconnect.SLOW_CONSUMER, stalled.awaitClose(), stalled.closeReason);
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
            public void write(List<OutboundFrame> frames, byte[] ping, Consumer<Throwable> done) {
                counting.write(frames, ping, e -> { });
                completer.execute(() -> done.accept(null));
            }

            @Override
            public boolean confirmsWrites() {
                return true;
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

    @Test
    void bytesTheSocketHasNotTakenCountTowardTheLimitUntilTheWriteCompletes() {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        Connection c = new Connection(new ManualTransport(new ArrayList<>(), pending), 100, INLINE, INLINE);
        c.offer(OutboundFrame.of("x".repeat(60)));
        c.drain();
        assertEquals(60, c.outstandingBytes(), "handed to the transport, not yet taken by the socket");
        pending.remove(0).accept(null);
        assertEquals(0, c.outstandingBytes());
    }

    @Test
    void aContainerThatQueuesWithoutLimitCannotHideAStalledReader() throws Exception {
        FakeTransport queueing = FakeTransport.queueing();
        Connection c = new Connection(queueing, 1000, INLINE, INLINE);
        int sent = 0;
        while (!c.isClosed() && sent < 1000) {
            c.send(OutboundFrame.of("y".repeat(50)));
            sent++;
        }
        assertClosedFor(Disconnect.SLOW_CONSUMER, queueing.awaitClose(), queueing.closeReason);
        assertTrue(queueing.frames.size() * 50 <= 1000,
                "the container was handed no more than the limit: " + queueing.frames.size() * 50 + " bytes");
        assertTrue(queueing.pings.get() >= 1, "receipts were asked for");
    }

    @Test
    void aDrainBeforeAStopClosesOnlyOnceEveryPendingWriteCompleted() throws Exception {
        FakeTransport t = FakeTransport.held();
        Connection c = new Connection(t, 1 << 20, INLINE, INLINE);
        c.send(OutboundFrame.of("a"));
        c.send(OutboundFrame.of("b"));
        CompletableFuture<Void> ended = c.closeWhenFlushed(Disconnect.RESTARTING);
        assertFalse(c.isClosed(), "a write is still pending");
        assertEquals(1, t.completeHeldWrites()); // "a"; "b" goes out in the next write
        assertFalse(c.isClosed());
        c.send(OutboundFrame.of("c")); // queued during the drain: still sent
        assertEquals(1, t.completeHeldWrites());
        assertFalse(ended.isDone());
        assertEquals(1, t.completeHeldWrites()); // "c", after which nothing is left
        assertTrue(ended.isDone(), "closed as soon as nothing was left");
        assertClosedFor(Disconnect.RESTARTING, t.awaitClose(), t.closeReason);
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(t.frames));
        assertEquals(3, t.writtenAtClose);
    }

    @Test
    void aDrainWhereOnlyPongsConfirmClosesOnceThePeerConfirmedEverything() throws Exception {
        FakeTransport queueing = FakeTransport.queueing();
        Connection c = new Connection(queueing, 1 << 20, INLINE, INLINE);
        c.send(OutboundFrame.of("a"));
        CompletableFuture<Void> ended = c.closeWhenFlushed(Disconnect.RESTARTING);
        assertFalse(c.isClosed(), "handed to the container is not read by the peer");
        assertEquals(1, queueing.pings.get(), "a ping with a receipt for everything handed");
        c.send(OutboundFrame.of("b"));
        byte[] early = queueing.lastPing;
        assertEquals(2, queueing.pings.get(), "another receipt covers what was queued meanwhile");
        c.pong(ByteBuffer.wrap(early));
        assertTrue(c.isClosed(), "the latest receipt answered: everything was read");
        assertTrue(ended.isDone());
        assertClosedFor(Disconnect.RESTARTING, queueing.awaitClose(), queueing.closeReason);
    }

    @Test
    void aDrainedConnectionThatNeverAnswersStaysOpenUntilClosed() {
        FakeTransport queueing = FakeTransport.queueing();
        Connection c = new Connection(queueing, 1 << 20, INLINE, INLINE);
        c.send(OutboundFrame.of("a"));
        CompletableFuture<Void> ended = c.closeWhenFlushed(Disconnect.RESTARTING);
        assertFalse(ended.isDone());
        c.close(Disconnect.RESTARTING); // the drain's timeout
        assertTrue(ended.isDone());
    }

    @Test
    void aPeerThatAnswersReceiptsKeepsReceivingWithoutLimit() {
        FakeTransport queueing = FakeTransport.queueing();
        Connection c = new Connection(queueing, 1000, INLINE, INLINE);
        for (int i = 0; i < 2000; i++) {
            c.send(OutboundFrame.of("z".repeat(50)));
            byte[] receipt = queueing.lastPing;
            if (receipt != null) {
                queueing.lastPing = null;
                c.pong(ByteBuffer.wrap(receipt)); // the peer read up to the ping, and answered it
            }
        }
        assertFalse(c.isClosed(), "100 times the limit went through to a peer that reads");
        assertEquals(2000, queueing.frames.size());
        assertTrue(c.outstandingBytes() < 1000, "outstanding " + c.outstandingBytes());
    }

    @Test
    void aPongConfirmsOnlyAnAwaitedReceiptAndEverythingBeforeIt() {
        FakeTransport queueing = FakeTransport.queueing();
        Connection c = new Connection(queueing, 1000, INLINE, INLINE);
        c.send(OutboundFrame.of("w".repeat(200)));
        byte[] first = queueing.lastPing;
        c.send(OutboundFrame.of("w".repeat(200)));
        byte[] second = queueing.lastPing;
        c.send(OutboundFrame.of("w".repeat(200)));
        byte[] third = queueing.lastPing;
        assertEquals(600, c.outstandingBytes());
        byte[] forged = ByteBuffer.allocate(16).putLong(600).putLong(42).array();
        c.pong(ByteBuffer.wrap(forged));
        c.pong(ByteBuffer.allocate(0));
        c.pong(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals(600, c.outstandingBytes(), "a pong with a guessed nonce, or no receipt, confirms nothing");
        c.pong(ByteBuffer.wrap(first));
        assertEquals(400, c.outstandingBytes(), "the first receipt confirms the first 200 bytes");
        c.pong(ByteBuffer.wrap(third));
        assertEquals(0, c.outstandingBytes(), "a later receipt confirms everything before it");
        c.pong(ByteBuffer.wrap(second));
        c.pong(ByteBuffer.wrap(third));
        assertEquals(0, c.outstandingBytes(), "a receipt confirms once, and an older one nothing more");
    }

    @Test
    void whereTheSocketConfirmsWritesPongsConfirmNothingMore() {
        FakeTransport t = FakeTransport.reading();
        Connection c = new Connection(t, 1000, INLINE, INLINE);
        c.send(OutboundFrame.of("v".repeat(100)));
        c.ping();
        assertEquals(0, c.outstandingBytes());
        c.pong(ByteBuffer.wrap(t.lastPing));
        assertEquals(0, c.outstandingBytes(), "no byte is confirmed twice");
        assertEquals(0, t.lastPing.length, "a plain ping: nothing to confirm");
    }

    @Test
    void aFailedWriteClosesThatConnectionWith1001() throws Exception {
        FakeTransport t = FakeTransport.reading();
        Transport failing = new Transport() {
            @Override
            public void write(List<OutboundFrame> frames, byte[] ping, Consumer<Throwable> done) {
                done.accept(new java.io.IOException("connection reset"));
            }

            @Override
            public boolean confirmsWrites() {
                return true;
            }

            @Override
            public void close(int code, String reason) {
                t.close(code, reason);
            }
        };
        Connection c = new Connection(failing, 1000, INLINE, INLINE);
        c.send(OutboundFrame.of("u"));
        assertClosedFor(Disconnect.WRITE_FAILED, t.awaitClose(), t.closeReason);
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
        public void write(List<OutboundFrame> frames, byte[] ping, Consumer<Throwable> done) {
            writes.add(frames.stream().map(OutboundFrame::json).toList());
            pending.add(done);
            if (ping != null) {
                pings++;
            }
        }

        @Override
        public boolean confirmsWrites() {
            return true;
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
