package hubchat.hub;

import hubchat.protocol.CloseCodes;
import hubchat.protocol.OutboundFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client's outbound side: a queue bounded in bytes, drained by one writer at a time (Jakarta
 * WebSocket forbids concurrent writes on a session), which hands the transport every queued
 * frame at once so that a container can batch them into few socket writes. {@link #offer}
 * never blocks; a client whose queue overflows is closed with 1013 so it cannot stall the hub
 * or anyone else.
 *
 * <p>Invariant: {@code draining} is true from the moment someone takes on the duty to drain
 * until the drain finds the queue empty; only the holder calls the transport. It is the same
 * claim/release pattern as a room's {@link Mailbox}.
 */
public final class Connection {
    /** Reason sent with 1013 when the send queue overflows. */
    static final String SLOW_CONSUMER = "slow consumer: send queue full";
    /** Most bytes handed to the transport in one write, so one busy client cannot hog a writer. */
    private static final int MAX_WRITE_BYTES = 64 * 1024;

    private final Transport transport;
    private final long maxQueuedBytes;
    private final Executor writer;
    private final Executor closer;
    private final ConcurrentLinkedQueue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean pingDue;

    /**
     * @param writer where a drain runs when no room schedules it (pings, {@link #send})
     * @param closer where the socket is closed (a close may block on a stuck peer)
     */
    public Connection(Transport transport, long maxQueuedBytes, Executor writer, Executor closer) {
        this.transport = transport;
        this.maxQueuedBytes = maxQueuedBytes;
        this.writer = writer;
        this.closer = closer;
    }

    /**
     * Queues a frame without writing it. Returns true if the caller took on the duty to
     * {@link #drain} (on a writer thread); a room collects these and drains them together at
     * the end of its turn. An empty queue always takes one frame, however large (a welcome
     * with a long history); otherwise a frame that would take the queue past its limit closes
     * the connection with 1013.
     */
    boolean offer(OutboundFrame frame) {
        if (closed.get()) {
            return false;
        }
        long after = queuedBytes.addAndGet(frame.bytes());
        if (after > maxQueuedBytes && after != frame.bytes()) {
            queuedBytes.addAndGet(-frame.bytes());
            close(CloseCodes.TRY_AGAIN_LATER, SLOW_CONSUMER);
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

    /** Asks for a ping; it goes out with the next drain, between frames. */
    public void ping() {
        pingDue = true;
        if (!closed.get() && draining.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
    }

    /**
     * Writes what is queued, batch after batch, until the queue is empty. Only the holder of
     * the drain duty (see {@link #offer}) calls this, on a writer thread.
     */
    void drain() {
        while (true) {
            if (closed.get()) {
                return; // the duty dies with the connection: nothing will be written again
            }
            if (pingDue) {
                pingDue = false;
                try {
                    transport.ping();
                } catch (Exception e) {
                    close(CloseCodes.GOING_AWAY, "ping failed");
                    return;
                }
            }
            List<OutboundFrame> batch = takeBatch();
            if (batch.isEmpty()) {
                draining.set(false);
                if ((queue.isEmpty() && !pingDue) || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            Written written = new Written(batch);
            transport.write(written.texts(), written);
            if (!written.completedBeforeReturn() || written.failed) {
                return; // the transport calls back later and carries the drain on, or it failed
            }
        }
    }

    /** Closes once, off the caller's thread; queued frames are dropped. */
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            closer.execute(() -> transport.close(code, reason));
        }
    }

    /** The socket is already closed (the container said so): stop writing, send nothing. */
    public void closed() {
        closed.set(true);
        queue.clear();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Bytes queued and not yet written: for tests and metrics. */
    public long queuedBytes() {
        return queuedBytes.get();
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
     * of {@code write}, whichever comes second carries the drain on: a blocking transport thus
     * keeps draining in a loop on its thread, an asynchronous one on its callback's, and
     * neither recurses.
     */
    private final class Written implements Consumer<Throwable> {
        private final List<OutboundFrame> batch;
        private final AtomicBoolean firstHappened = new AtomicBoolean();
        private volatile boolean failed;

        Written(List<OutboundFrame> batch) {
            this.batch = batch;
        }

        List<String> texts() {
            List<String> texts = new ArrayList<>(batch.size());
            for (OutboundFrame f : batch) {
                texts.add(f.json());
            }
            return texts;
        }

        @Override
        public void accept(Throwable error) {
            long bytes = 0;
            for (OutboundFrame f : batch) {
                bytes += f.bytes();
            }
            queuedBytes.addAndGet(-bytes);
            if (error != null) {
                failed = true;
                close(CloseCodes.GOING_AWAY, "write failed");
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
