package hubchat.redis;

import hubchat.redis.AwaitedDeliveries.Fate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a {@link RoomFeed} stands in its room's stream: the (epoch, seq) of the last entry it
 * delivered, and the epochs it has passed, each with the last seq it delivered in it. Within an
 * epoch an entry is new if its seq is greater; an entry of an epoch passed before is not new,
 * one of an epoch never seen is. Not thread-safe: its feed's lock guards it.
 */
final class FeedPosition {
    /** Epochs remembered as passed: far more than restarts while a room is open. */
    private static final int PASSED_EPOCHS = 16;

    private String epoch = "";
    private long seq;
    /** Epochs passed (the current one too), each with the last seq delivered in it once left. */
    private final Map<String, Long> passed = new LinkedHashMap<>();

    /** Starts after {@code last}, the room's last entry when the feed started, if it had one. */
    void start(String lastEpoch, long lastSeq) {
        epoch = lastEpoch;
        seq = lastSeq;
        pass(epoch);
    }

    String epoch() {
        return epoch;
    }

    long seq() {
        return seq;
    }

    /** Whether {@code e} directly follows the last entry delivered. */
    boolean isNext(StreamEntry e) {
        return e.epoch().equals(epoch) && e.seq() == seq + 1;
    }

    /** Whether the feed is past {@code e}: delivered it, or it came before the feed started. */
    boolean isBehind(StreamEntry e) {
        return e.epoch().equals(epoch) ? e.seq() <= seq : passed.containsKey(e.epoch());
    }

    /** {@code e} is delivered: the position moves to it, leaving the current epoch if it is another's. */
    void moveTo(StreamEntry e) {
        if (!e.epoch().equals(epoch)) {
            passed.put(epoch, seq); // left: its entries after seq are lost to this node
            epoch = e.epoch();
            pass(epoch);
        }
        seq = e.seq();
    }

    /**
     * An entry's fate by this position: delivered if at or before it in its epoch; lost if its
     * epoch was left before its seq (the old epoch's stored entries come first, so one not
     * delivered by then never will be); else pending (ahead, or in an epoch not reached yet).
     */
    Fate fate(String e, long s) {
        Long last = e.equals(epoch) ? Long.valueOf(seq) : passed.get(e);
        if (last == null) {
            return Fate.PENDING;
        }
        return s <= last ? Fate.DELIVERED : e.equals(epoch) ? Fate.PENDING : Fate.LOST;
    }

    private void pass(String e) {
        passed.put(e, Long.MAX_VALUE); // the current epoch: judged by the position until left
        if (passed.size() > PASSED_EPOCHS) {
            Iterator<String> oldest = passed.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
