package hubchat.hub;

import hubchat.protocol.Frames;
import hubchat.protocol.OutboundFrame;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Joins and leaves of one room not yet announced: merged so that many people entering at once
 * cost one presence frame per member, not one per arrival. Room thread only.
 */
final class Presence {
    private final Set<String> joined = new LinkedHashSet<>();
    private final Set<String> left = new LinkedHashSet<>();

    boolean isEmpty() {
        return joined.isEmpty() && left.isEmpty();
    }

    /** Someone who leaves and comes back inside one window (a reload) is announced neither way. */
    void joined(String nick) {
        if (!left.remove(nick)) {
            joined.add(nick);
        }
    }

    /** Someone who joins and leaves inside one window is announced neither way. */
    void left(String nick) {
        if (!joined.remove(nick)) {
            left.add(nick);
        }
    }

    /** The merged frame, and a fresh start. */
    OutboundFrame drain(int memberCount) {
        OutboundFrame frame = Frames.presence(joined, left, memberCount);
        joined.clear();
        left.clear();
        return frame;
    }
}
