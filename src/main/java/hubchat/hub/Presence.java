package hubchat.hub;

import hubchat.protocol.Frames;
import hubchat.protocol.OutboundFrame;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Joins and leaves of one room not yet announced: merged over a window so that many people
 * entering at once cost one presence frame per member, not one per arrival. The first change of
 * a window asks for the window's end to be announced ({@code windowEnds}). Room thread only.
 */
final class Presence {
    private final Set<String> joined = new LinkedHashSet<>();
    private final Set<String> left = new LinkedHashSet<>();
    private final Timekeeper time;
    private final long windowMillis;
    private final Runnable windowEnds;

    Presence(Timekeeper time, long windowMillis, Runnable windowEnds) {
        this.time = time;
        this.windowMillis = windowMillis;
        this.windowEnds = windowEnds;
    }

    boolean isEmpty() {
        return joined.isEmpty() && left.isEmpty();
    }

    /** Someone who leaves and comes back inside one window (a reload) is announced neither way. */
    void joined(String nick) {
        startWindow();
        if (!left.remove(nick)) {
            joined.add(nick);
        }
    }

    /** Someone who joins and leaves inside one window is announced neither way. */
    void left(String nick) {
        startWindow();
        if (!joined.remove(nick)) {
            left.add(nick);
        }
    }

    private void startWindow() {
        if (isEmpty()) {
            time.schedule(windowEnds, windowMillis);
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
