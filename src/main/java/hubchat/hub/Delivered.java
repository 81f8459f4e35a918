package hubchat.hub;

import hubchat.engine.Stored;
import hubchat.protocol.Frames;
import hubchat.protocol.OutboundFrame;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A room's messages as the engine delivers them, in the room's order: each goes to every
 * welcomed member once, the sender's own copy with its {@code cid}; the last ones are kept for
 * members whose welcome was read before they were delivered. Room thread only.
 */
final class Delivered {
    /** Messages kept for late welcomes; a welcome read further back than this is read again. */
    static final int KEPT = 1024;

    private final Turns turns;
    /** Members by the key of their seat: the origin the engine hands back with their messages. */
    private final Map<String, Member> bySeatKey = new HashMap<>();
    private final ArrayDeque<Stored> recent = new ArrayDeque<>();
    private long lastSeq;

    Delivered(Turns turns) {
        this.turns = turns;
    }

    /** {@code m} sits in the room: its messages come back to it as its own. */
    void seated(Member m) {
        bySeatKey.put(m.seat().key(), m);
    }

    void unseated(Member m) {
        bySeatKey.remove(m.seat().key(), m);
    }

    /** The seq of the last message delivered; 0 if none. */
    long lastSeq() {
        return lastSeq;
    }

    /** Fans {@code s} out to every member whose welcome came before it. */
    void fanOut(Stored s, Collection<Member> members) {
        recent.addLast(s);
        lastSeq = s.seq();
        if (recent.size() > KEPT) {
            recent.removeFirst();
        }
        OutboundFrame shared = s.message().frame();
        Member own = s.cid() == null ? null : bySeatKey.get(s.origin());
        OutboundFrame ownFrame = own == null ? null : Frames.message(s.message(), s.cid());
        for (Member m : members) {
            if (m.follows(s.seq())) {
                turns.deliver(m, m == own ? ownFrame : shared);
            }
        }
    }

    /** True if every message delivered after {@code seq} is still kept. */
    boolean canCatchUp(long seq) {
        return seq >= lastSeq || (!recent.isEmpty() && recent.getFirst().seq() <= seq + 1);
    }

    /** Gives {@code m}, just welcomed with history up to {@code seq}, what was delivered after it. */
    void catchUp(Member m, long seq) {
        for (Stored s : recent) {
            if (s.seq() > seq) {
                boolean own = s.cid() != null && m == bySeatKey.get(s.origin());
                turns.deliver(m, own ? Frames.message(s.message(), s.cid()) : s.message().frame());
            }
        }
    }
}
