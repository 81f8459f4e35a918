package hubchat.endpoint;

import hubchat.hub.MemoryBudget;
import hubchat.protocol.Disconnect;
import hubchat.protocol.OutboundFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's text message while it arrives in parts (the client's fragments, or the pieces
 * a container cuts a long frame into), until its last part. It is bounded three ways: its size in
 * UTF-8 bytes (the frame limit, else 1009), its number of parts (else 1008), and the heap its
 * held parts take, which it reserves from a {@link MemoryBudget} all connections share (else
 * 1013). Once refused or discarded, nothing is held and nothing more is taken.
 *
 * <p>Parts are kept as the strings the container made, one per non-empty part, not copied into
 * a growing builder: a string of Latin-1 characters takes one byte each, and the text is joined
 * only once, when the last part arrives. Empty parts are counted but not kept.
 *
 * <p>The container hands an endpoint one part at a time; {@link #discard} may come from another
 * thread (the close callback), hence the locking.
 */
final class PartialMessage {
    /** Heap of a kept part besides its characters: string and array headers, padding, list slot. */
    static final int PART_OVERHEAD_BYTES = 56;

    private final MemoryBudget budget;
    private final int maxBytes;
    private final int maxParts;
    private List<String> kept = new ArrayList<>();
    private int parts;
    private long bytes;
    private long reserved;
    private boolean discarded;

    /**
     * @param maxBytes most UTF-8 bytes of the whole message
     * @param maxParts most parts of the whole message, the last one included
     */
    PartialMessage(MemoryBudget budget, int maxBytes, int maxParts) {
        this.budget = budget;
        this.maxBytes = maxBytes;
        this.maxParts = maxParts;
    }

    /** Parts taken for the message now arriving, empty ones included; 0 between messages. */
    synchronized int parts() {
        return parts;
    }

    /**
     * Counts a part, the last one too, against the size and part limits. Null if the message is
     * still within both; otherwise why not, and everything is dropped.
     */
    synchronized Disconnect count(String part) {
        if (discarded) {
            return Disconnect.SERVER_BUSY;
        }
        parts++;
        bytes += OutboundFrame.utf8Length(part);
        Disconnect refusal = bytes > maxBytes ? Disconnect.TOO_BIG : parts > maxParts ? Disconnect.TOO_MANY_FRAGMENTS : null;
        if (refusal != null) {
            discard();
        }
        return refusal;
    }

    /**
     * Keeps a counted part that more parts will follow, reserving its heap from the budget. Null
     * if kept; {@link Disconnect#SERVER_BUSY} if the budget cannot take it, and everything is dropped.
     */
    synchronized Disconnect keep(String part) {
        if (discarded) {
            return Disconnect.SERVER_BUSY;
        }
        if (part.isEmpty()) {
            return null;
        }
        long cost = heapBytes(part);
        if (!budget.tryReserve(cost)) {
            discard();
            return Disconnect.SERVER_BUSY;
        }
        reserved += cost;
        kept.add(part);
        return null;
    }

    /** The whole message: the kept parts and the counted last one. Then ready for the next message. */
    synchronized String join(String lastPart) {
        kept.add(lastPart);
        String text = String.join("", kept);
        clear();
        return text;
    }

    /** Drops what is kept and gives its memory back; takes nothing more. Idempotent. */
    synchronized void discard() {
        discarded = true;
        clear();
    }

    /** Bytes this message holds in the shared budget: for tests. */
    synchronized long reservedBytes() {
        return reserved;
    }

    private void clear() {
        budget.release(reserved);
        reserved = 0;
        kept = new ArrayList<>(); // no array until the next part: an idle connection keeps nothing
        parts = 0;
        bytes = 0;
    }

    /** Heap a kept part takes: one byte a character if all are Latin-1 (a compact string), else two. */
    static long heapBytes(String part) {
        int n = part.length();
        for (int i = 0; i < n; i++) {
            if (part.charAt(i) > 0xFF) {
                return PART_OVERHEAD_BYTES + 2L * n;
            }
        }
        return PART_OVERHEAD_BYTES + n;
    }
}
