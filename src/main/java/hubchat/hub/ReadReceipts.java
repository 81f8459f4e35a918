package hubchat.hub;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * How many of a connection's bytes the peer has read, for containers that cannot say when a
 * socket took them. A ping carries a receipt (the bytes handed to the socket before it, and a
 * random nonce); the peer can only answer it after reading everything sent before it, so its
 * pong confirms those bytes, and every earlier receipt's. A pong must echo a receipt that is
 * still awaited, nonce included: a peer cannot confirm bytes it has not read.
 *
 * <p>Several receipts may be out at once, one per {@code step} bytes, so that confirmations
 * follow a reader that keeps up within about one round trip.
 */
final class ReadReceipts {
    /** Ping payload: the byte count and the nonce, 8 bytes each. */
    static final int PAYLOAD_BYTES = 16;
    /** Receipts out and unanswered, at most: more would only mean the peer is not reading. */
    static final int MAX_AWAITED = 8;
    private static final SecureRandom NONCES = new SecureRandom();

    private final ArrayDeque<Receipt> awaited = new ArrayDeque<>();
    private long confirmed;
    private long receipted;

    /**
     * True if {@code handed} bytes call for a receipt: {@code step} bytes or more have been
     * handed since the last one, and there is room for one more.
     */
    synchronized boolean due(long handed, long step) {
        return handed - receipted >= step && awaited.size() < MAX_AWAITED;
    }

    /** The payload of a ping sent after {@code handed} bytes. */
    synchronized byte[] issue(long handed) {
        if (awaited.size() == MAX_AWAITED) {
            awaited.removeFirst(); // answering any later receipt confirms its bytes too
        }
        Receipt r = new Receipt(handed, NONCES.nextLong());
        awaited.addLast(r);
        receipted = handed;
        return ByteBuffer.allocate(PAYLOAD_BYTES).putLong(r.handed).putLong(r.nonce).array();
    }

    /** Bytes newly confirmed by a pong with this payload: 0 unless it answers an awaited receipt. */
    synchronized long confirm(ByteBuffer pong) {
        if (pong == null || pong.remaining() != PAYLOAD_BYTES) {
            return 0;
        }
        ByteBuffer p = pong.duplicate();
        Receipt answer = new Receipt(p.getLong(), p.getLong());
        if (!awaited.contains(answer)) {
            return 0;
        }
        for (Iterator<Receipt> it = awaited.iterator(); it.hasNext(); ) {
            Receipt r = it.next();
            it.remove();
            if (r.equals(answer)) {
                break;
            }
        }
        long newly = answer.handed - confirmed;
        confirmed = answer.handed;
        return newly;
    }

    private record Receipt(long handed, long nonce) {
    }
}
