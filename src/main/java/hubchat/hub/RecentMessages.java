package hubchat.hub;

import hubchat.engine.Stored;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The messages a room fanned out last, in order: what a member whose welcome was read at an
 * earlier position still needs after its welcome. Room thread only.
 */
final class RecentMessages {
    /** Messages kept; a welcome read further back than this is read again. */
    static final int KEPT = 1024;

    private final ArrayDeque<Stored> messages = new ArrayDeque<>();
    private long lastSeq;

    void add(Stored s) {
        messages.addLast(s);
        lastSeq = s.seq();
        if (messages.size() > KEPT) {
            messages.removeFirst();
        }
    }

    /** The seq of the last message fanned out; 0 if none. */
    long lastSeq() {
        return lastSeq;
    }

    /** True if every message after {@code seq} that was fanned out is still here. */
    boolean coversAfter(long seq) {
        return seq >= lastSeq || (!messages.isEmpty() && messages.getFirst().seq() <= seq + 1);
    }

    /** The messages fanned out after {@code seq}, oldest first. */
    List<Stored> after(long seq) {
        return messages.stream().filter(s -> s.seq() > seq).toList();
    }
}
