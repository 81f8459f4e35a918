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
 *
 * <p>Epochs: the room's position is an epoch and a seq. When the engine starts a new epoch
 * (its store lost writes, so seqs may start over), the kept messages are of the old one and are
 * dropped; every member already welcomed follows the whole new epoch ({@link Member#follows}).
 */
final class Delivered {
    /** Messages kept for late welcomes; a welcome read further back than this is read again. */
    static final int KEPT = 1024;
    /** Epochs remembered as past: a welcome read in one of them is followed by the current one. */
    private static final int PAST_EPOCHS = 8;

    private final Turns turns;
    /** Members by their origin ({@link Member#origin}), which the engine hands back with their messages. */
    private final Map<String, Member> byOrigin = new HashMap<>();
    private final ArrayDeque<Stored> recent = new ArrayDeque<>();
    private String epoch;
    /** Epochs delivered here before the current one, the latest few. */
    private final ArrayDeque<String> pastEpochs = new ArrayDeque<>();
    private long lastSeq;
    /** True while {@code recent} holds every message of this epoch delivered here. */
    private boolean wholeEpoch = true;

    Delivered(Turns turns) {
        this.turns = turns;
    }

    /** {@code m} sits in the room: its messages come back to it as its own. */
    void seated(Member m) {
        byOrigin.put(m.origin(), m);
    }

    void unseated(Member m) {
        byOrigin.remove(m.origin(), m);
    }

    /** The seq of the last message delivered; 0 if none. */
    long lastSeq() {
        return lastSeq;
    }

    /** The epoch of the last message delivered; null if none. */
    String epoch() {
        return epoch;
    }

    /** Fans {@code s} out to every member whose welcome came before it; counted once, with its number of recipients. */
    void fanOut(Stored s, Collection<Member> members) {
        if (!s.epoch().equals(epoch)) {
            if (epoch != null) {
                pastEpochs.addLast(epoch);
                if (pastEpochs.size() > PAST_EPOCHS) {
                    pastEpochs.removeFirst();
                }
            }
            epoch = s.epoch();
            recent.clear();
            wholeEpoch = true;
        }
        recent.addLast(s);
        lastSeq = s.seq();
        if (recent.size() > KEPT) {
            recent.removeFirst();
            wholeEpoch = false;
        }
        OutboundFrame shared = s.message().frame();
        Member own = s.cid() == null ? null : byOrigin.get(s.origin());
        OutboundFrame ownFrame = own == null ? null : Frames.message(s.message(), s.cid());
        int recipients = 0;
        for (Member m : members) {
            if (m.follows(s)) {
                turns.deliver(m, m == own ? ownFrame : shared);
                recipients++;
            }
        }
        turns.fannedOut(recipients);
    }

    /**
     * True if every message delivered after the position ({@code epoch}, {@code seq}) is still
     * kept: of the same epoch, from the next seq on; read in a past epoch (or before anything
     * was stored), the whole current epoch as delivered here. A position in an epoch not
     * delivered here yet needs nothing kept: that epoch's messages are still to come.
     */
    boolean canCatchUp(String epoch, long seq) {
        if (this.epoch == null || !isDeliveredHere(epoch, seq)) {
            return true;
        }
        if (!this.epoch.equals(epoch)) {
            return wholeEpoch;
        }
        return seq >= lastSeq || (!recent.isEmpty() && recent.getFirst().seq() <= seq + 1);
    }

    private boolean isDeliveredHere(String epoch, long seq) {
        return seq == 0 || epoch.equals(this.epoch) || pastEpochs.contains(epoch);
    }

    /** Gives {@code m}, just welcomed with history up to ({@code epoch}, {@code seq}), what was delivered after it. */
    void catchUp(Member m, String epoch, long seq) {
        if (this.epoch == null || !isDeliveredHere(epoch, seq)) {
            return;
        }
        int caughtUp = 0;
        for (Stored s : recent) {
            if (m.follows(s)) {
                boolean own = s.cid() != null && m == byOrigin.get(s.origin());
                turns.deliver(m, own ? Frames.message(s.message(), s.cid()) : s.message().frame());
                caughtUp++;
            }
        }
        turns.fannedOut(caughtUp);
    }
}
