package hubchat.hub;

import hubchat.protocol.CloseCodes;
import hubchat.protocol.OutboundFrame;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's outbound side: a queue bounded in bytes with at most one write in flight, as
 * Jakarta WebSocket forbids concurrent writes on a session. {@link #send} never blocks; a
 * client whose queue overflows is closed with 1013 so it cannot stall the hub or anyone else.
 *
 * <p>Invariant: {@code writing} is true exactly while one frame (or a ping) is handed to the
 * transport and not yet completed; only the thread that set it may call the transport.
 */
public final class Connection {
    /** Reason sent with 1013 when the send queue overflows. */
    static final String SLOW_CONSUMER = "slow consumer: send queue full";

    private final Transport transport;
    private final long maxQueuedBytes;
    private final Executor closer;
    private final ConcurrentLinkedQueue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set while this thread is inside transport.sendText, to catch completions that run inline. */
    private static final ThreadLocal<Pump> PUMPING = new ThreadLocal<>();

    public Connection(Transport transport, long maxQueuedBytes, Executor closer) {
        this.transport = transport;
        this.maxQueuedBytes = maxQueuedBytes;
        this.closer = closer;
    }

    /**
     * Queues a frame. An empty queue always takes one frame, however large (a welcome with a
     * long history); otherwise a frame that would take the queue past its limit closes the
     * connection with 1013.
     */
    public void send(OutboundFrame frame) {
        if (closed.get()) {
            return;
        }
        long after = queuedBytes.addAndGet(frame.bytes());
        if (after > maxQueuedBytes && after != frame.bytes()) {
            queuedBytes.addAndGet(-frame.bytes());
            close(CloseCodes.TRY_AGAIN_LATER, SLOW_CONSUMER);
            return;
        }
        queue.add(frame);
        pump();
    }

    /** Pings the client if nothing is being written (a busy writer shows the socket is moving). */
    public void ping() {
        if (closed.get() || !writing.compareAndSet(false, true)) {
            return;
        }
        try {
            transport.sendPing();
        } catch (Exception e) {
            close(CloseCodes.GOING_AWAY, "ping failed");
            return;
        } finally {
            writing.set(false);
        }
        pump();
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

    /** Hands queued frames to the transport, one at a time, without recursing on inline completions. */
    private void pump() {
        while (!closed.get() && !queue.isEmpty() && writing.compareAndSet(false, true)) {
            OutboundFrame frame = queue.poll();
            if (frame == null) {
                writing.set(false);
                continue;
            }
            Pump pump = new Pump();
            PUMPING.set(pump);
            try {
                transport.sendText(frame.json(), error -> completed(frame, error, pump));
            } finally {
                PUMPING.remove();
            }
            if (!pump.completedInline) {
                return; // the completion will pump again, on whatever thread it runs
            }
        }
    }

    private void completed(OutboundFrame frame, Throwable error, Pump pump) {
        queuedBytes.addAndGet(-frame.bytes());
        writing.set(false);
        if (error != null) {
            close(CloseCodes.GOING_AWAY, "write failed");
            return;
        }
        if (PUMPING.get() == pump) {
            pump.completedInline = true; // the loop in pump() carries on
        } else {
            pump();
        }
    }

    /** One hand-over to the transport; tells pump() whether it completed inline. */
    private static final class Pump {
        boolean completedInline;
    }
}
