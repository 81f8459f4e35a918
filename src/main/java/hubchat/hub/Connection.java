package hubchat.hub;

import hubchat.logging.ClientFailureLog;
import hubchat.protocol.Disconnect;
import hubchat.protocol.OutboundFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One client's outbound side: a queue drained by one writer at a time (Jakarta WebSocket forbids
 * concurrent writes on a session), which hands the transport every queued frame at once so that
 * a container can batch them into few socket writes. {@link #offer} never blocks, and neither
 * does a drain: a write to a peer that stopped reading stays pending while its frames wait here.
 *
 * <p>Memory bound: {@code outstanding} counts every byte queued here or handed to the transport
 * and not yet taken by the socket (or, where the container cannot tell, not yet shown read by
 * the peer's pong, see {@link ReadReceipts}). A frame that would take it past the limit closes
 * the connection with 1013, so a stalled reader costs at most the limit, wherever it is held.
 *
 * <p>Invariant: {@code draining} is true from the moment someone takes on the duty to drain
 * until the drain finds nothing to do; only the holder calls the transport. It is the same
 * claim/release pattern as a room's {@link Mailbox}.
 */
public final class Connection {
    /** Most bytes handed to the transport in one write, so one busy client cannot hog a writer. */
    private static final int MAX_WRITE_BYTES = 64 * 1024;
    /** Bytes handed since the last receipt, as a share of the limit, after which a ping carries another. */
    private static final int RECEIPT_SHARE = 8;
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final Transport transport;
    private final long maxOutstanding;
    private final Executor writer;
    private final Executor closer;
    /** Null where the transport's write completions already say what the socket took. */
    private final ReadReceipts receipts;
    private final ConcurrentLinkedQueue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Why the server ended it, the first reason given; null while none was (or the client ended it). */
    private final AtomicReference<Disconnect> cause = new AtomicReference<>();
    private volatile boolean pingDue;
    /** Set by {@link #closeWhenFlushed}: the cause to close for once nothing queued is left to write. */
    private volatile Disconnect closeWhenFlushed;
    /** Completed once the connection is closed, for whoever waits in {@link #closeWhenFlushed}; made only there. */
    private volatile CompletableFuture<Void> ended;
    /** Bytes handed to the transport so far; written by the drain holder only. */
    private volatile long handed;
    /** {@link #handed} when the drain before a stop last asked for a read receipt; drain holder only. */
    private long drainReceiptAt = -1;

    /**
     * @param maxOutstanding the memory bound above, in bytes
     * @param writer where a drain runs when no room schedules it (pings, {@link #send})
     * @param closer where the socket is closed (a close may block on a stuck peer)
     */
    public Connection(Transport transport, long maxOutstanding, Executor writer, Executor closer) {
        this.transport = transport;
        this.maxOutstanding = maxOutstanding;
        this.writer = writer;
        this.closer = closer;
        this.receipts = transport.confirmsWrites() ? null : new ReadReceipts();
    }

    /**
     * Queues a frame without writing it. Returns true if the caller took on the duty to
     * {@link #drain} (on a writer thread); a room collects these and drains them together at
     * the end of its turn. A connection with nothing outstanding always takes one frame, however
     * large (a welcome with a long history); otherwise a frame that would take the outstanding
     * bytes past the limit closes the connection with 1013.
     */
    boolean offer(OutboundFrame frame) {
        if (closed.get()) {
            return false;
        }
        long after = outstanding.addAndGet(frame.bytes());
        if (after > maxOutstanding && after != frame.bytes()) {
            outstanding.addAndGet(-frame.bytes());
            close(Disconnect.SLOW_CONSUMER);
            return false;
        }
        queue.add(frame);
        return draining.compareAndSet(false, true);
    }

    /** Queues a frame and makes sure it gets written. */
    public void send(OutboundFrame frame) {
        if (offer(frame)) {
            writer.execute(this::drain);
        }
    }

    /** Asks for a ping; it goes out with the next drain, after the frames queued before it. */
    public void ping() {
        pingDue = true;
        if (!closed.get() && draining.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
    }

    /** A pong from the peer: it may confirm bytes as read (see {@link ReadReceipts}). */
    public void pong(ByteBuffer payload) {
        if (receipts != null) {
            long read = receipts.confirm(payload);
            if (read > 0) {
                outstanding.addAndGet(-read);
                if (closeWhenFlushed != null && flushed() && draining.compareAndSet(false, true)) {
                    writer.execute(this::drain); // the drain before a stop waited for this pong
                }
            }
        }
    }

    /**
     * Hands what is queued to the transport, batch after batch, until nothing is left or a write
     * stays pending (its completion carries the drain on). Only the holder of the drain duty
     * (see {@link #offer}) calls this, on a writer thread.
     */
    void drain() {
        while (!closed.get()) {
            List<OutboundFrame> batch = takeBatch();
            long bytes = 0;
            for (OutboundFrame f : batch) {
                bytes += f.bytes();
            }
            handed += bytes;
            byte[] ping = pingPayload();
            if (batch.isEmpty() && ping == null) {
                Disconnect flushedThen = closeWhenFlushed;
                if (flushedThen != null && flushed()) {
                    close(flushedThen); // every write handed over has completed (and, where only pongs tell, was read)
                    return;
                }
                if (flushedThen != null && receipts != null && handed != drainReceiptAt) {
                    drainReceiptAt = handed; // a ping whose pong confirms everything handed so far
                    pingDue = true;
                    continue;
                }
                draining.set(false);
                // read after the release: a closeWhenFlushed that found the duty taken is seen here
                boolean closeNow = closeWhenFlushed != null && (flushed() || (receipts != null && handed != drainReceiptAt));
                if ((queue.isEmpty() && !pingDue && !closeNow) || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            Written written = new Written(bytes);
            transport.write(batch, ping, written);
            if (!written.completedBeforeReturn() || written.failed) {
                return;
            }
        }
    }

    /** Closes once, off the caller's thread, telling the client why; queued frames are dropped. */
    public void close(Disconnect cause) {
        int code = cause.code();
        String reason = cause.reason();
        if (closed.compareAndSet(false, true)) {
            this.cause.compareAndSet(null, cause);
            queue.clear();
            closer.execute(() -> transport.close(code, reason));
            ended();
        }
    }

    /**
     * Closes for {@code cause} once every frame queued, now or later, has been written (the
     * socket took it, or, where the transport cannot tell, the peer's pong to a ping sent after
     * it confirmed it was read, see {@link ReadReceipts}): a drain
     * before a restart. Frames offered meanwhile still go out; a peer that never takes them
     * keeps the connection open until someone calls {@link #close}. The returned stage
     * completes once the connection is closed, for either reason.
     */
    CompletableFuture<Void> closeWhenFlushed(Disconnect cause) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ended = done;
        closeWhenFlushed = cause;
        if (closed.get()) {
            done.complete(null);
        } else if (draining.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
        return done;
    }

    /**
     * Nothing queued is left unwritten: every write completed, and where the transport cannot
     * tell what the socket took, the peer's pongs confirmed every byte handed to it.
     */
    private boolean flushed() {
        return queue.isEmpty() && (receipts == null || outstanding.get() <= 0);
    }

    /** The socket is already closed (the container said so): stop writing, send nothing. */
    public void closed() {
        closed.set(true);
        queue.clear();
        ended();
    }

    private void ended() {
        CompletableFuture<Void> done = ended;
        if (done != null) {
            done.complete(null);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * The endpoint closes the socket itself for {@code cause} (a frame too big, a binary frame):
     * the connection's cause of its end, unless it already had one. Writing goes on until the
     * container reports the close, as the endpoint's close is the container's to make.
     */
    public void ending(Disconnect cause) {
        this.cause.compareAndSet(null, cause);
    }

    /** Why the server ended this connection, the first cause given; null if it did not (yet). */
    public Disconnect cause() {
        return cause.get();
    }

    /** Bytes queued or written and not yet taken by the socket (or read by the peer): for tests and metrics. */
    public long outstandingBytes() {
        return outstanding.get();
    }

    /** The ping this write should end with, if any: one asked for, or a receipt that is due. */
    private byte[] pingPayload() {
        boolean receiptDue = receipts != null && receipts.due(handed, maxOutstanding / RECEIPT_SHARE);
        if (!pingDue && !receiptDue) {
            return null;
        }
        pingDue = false;
        return receipts == null ? NO_PAYLOAD : receipts.issue(handed);
    }

    private List<OutboundFrame> takeBatch() {
        List<OutboundFrame> batch = new ArrayList<>();
        int bytes = 0;
        OutboundFrame f;
        while (bytes < MAX_WRITE_BYTES && (f = queue.poll()) != null) {
            batch.add(f);
            bytes += f.bytes();
        }
        return batch;
    }

    /**
     * The completion of one write. Of its two events, the transport's callback and the return
     * of {@code write}, whichever comes second carries the drain on: a transport that completes
     * at once thus keeps draining in a loop on the writer's thread, a pending one on its
     * callback's, and neither recurses.
     */
    private final class Written implements Consumer<Throwable> {
        private final long bytes;
        private final AtomicBoolean firstHappened = new AtomicBoolean();
        private volatile boolean failed;

        Written(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void accept(Throwable error) {
            if (receipts == null) {
                outstanding.addAndGet(-bytes);
            }
            if (error != null) {
                failed = true;
                ClientFailureLog.SHARED.record("write failed", error);
                close(Disconnect.WRITE_FAILED);
            }
            if (!firstHappened.compareAndSet(false, true) && !failed) {
                drain();
            }
        }

        /** Called once write has returned: true if the callback came first (the loop goes on). */
        boolean completedBeforeReturn() {
            return !firstHappened.compareAndSet(false, true);
        }
    }
}
