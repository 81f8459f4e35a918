package hubchat.hub;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How many of a connection's bytes the peer has read, for containers that cannot say when a
 * socket took them. A ping carries a receipt (the bytes handed to the socket before it, and a
 * random nonce); the peer can only answer it after reading everything sent before it, so its
 * pong confirms those bytes. Only the pong to the latest ping counts, and its nonce must match:
 * a peer cannot confirm bytes it has not read.
 *
 * <p>Threads: {@link #issue} is called by the connection's drain (one at a time), {@link #confirm}
 * by the container as pongs arrive (one at a time per connection).
 */
final class ReadReceipts {
    /** Ping payload: the byte count and the nonce, 8 bytes each. */
    static final int PAYLOAD_BYTES = 16;
    private static final SecureRandom NONCES = new SecureRandom();

    private final AtomicReference<Receipt> awaited = new AtomicReference<>();
    private volatile long confirmed;

    /** The payload of a ping sent after {@code handed} bytes; it replaces any unanswered one. */
    byte[] issue(long handed) {
        Receipt r = new Receipt(handed, NONCES.nextLong());
        awaited.set(r);
        return ByteBuffer.allocate(PAYLOAD_BYTES).putLong(r.handed).putLong(r.nonce).array();
    }

    /** True while a receipt is out and unanswered. */
    boolean awaiting() {
        return awaited.get() != null;
    }

    /** Bytes the peer has shown it read, in total. */
    long confirmed() {
        return confirmed;
    }

    /**
     * Bytes newly confirmed by a pong with this payload: 0 unless it answers the latest ping.
     */
    long confirm(ByteBuffer pong) {
        Receipt r = awaited.get();
        if (r == null || pong == null || pong.remaining() != PAYLOAD_BYTES) {
            return 0;
        }
        ByteBuffer p = pong.duplicate();
        if (p.getLong() != r.handed || p.getLong() != r.nonce || !awaited.compareAndSet(r, null)) {
            return 0;
        }
        long newly = r.handed - confirmed;
        confirmed = r.handed;
        return newly;
    }

    private record Receipt(long handed, long nonce) {
    }
}
