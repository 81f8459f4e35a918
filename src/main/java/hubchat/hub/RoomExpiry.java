package hubchat.hub;

import hubchat.engine.Engine;
import java.util.function.BooleanSupplier;

/**
 * When a room is forgotten. A room that no one uses here (no member, no join under way, no seat
 * held for a resume) is forgotten at once if its engine says it has no history: nothing would
 * be lost, and an empty room must not take a place under the room limit. One with history is
 * kept until it has been empty for the idle time, so that a return finds it as it was.
 *
 * <p>"No history" is the engine's answer ({@link Engine#latest}, one message), not this node's
 * memory: with a shared store, other nodes may have stored messages in the room, and a room
 * with a database keeps history from before a restart. Once the engine has named a message the
 * room is known to have history and is not asked again. If the engine cannot answer (a shared
 * store out of reach), the idle time decides. Room thread only.
 */
final class RoomExpiry {
    private final String room;
    private final Engine engine;
    private final Turns turns;
    private final Timekeeper time;
    private final long idleMillis;
    /** No member, join or held seat here: the room could go. */
    private final BooleanSupplier unused;
    /** Forgets the room (once). */
    private final Runnable expire;
    private long emptySince;
    private boolean hasHistory;
    private boolean asking;

    RoomExpiry(String room, Engine engine, Turns turns, Timekeeper time, long idleMillis, BooleanSupplier unused,
            Runnable expire) {
        this.room = room;
        this.engine = engine;
        this.turns = turns;
        this.time = time;
        this.idleMillis = idleMillis;
        this.unused = unused;
        this.expire = expire;
        this.emptySince = time.now();
    }

    /** The last member here has left: the idle time counts from now, and the room may go at once. */
    void emptied() {
        emptySince = time.now();
        check();
    }

    /** Forgets the room now if it is unused and the engine says it has no history. */
    void check() {
        if (hasHistory || asking || !unused.getAsBoolean()) {
            return;
        }
        asking = true;
        turns.whenAnswered(engine.latest(room, 1), (history, error) -> {
            asking = false;
            if (error != null) {
                return; // the idle sweep decides
            }
            if (!history.messages().isEmpty()) {
                hasHistory = true;
            } else if (unused.getAsBoolean()) {
                expire.run();
            }
        });
    }

    /**
     * The idle sweep: forgets a room empty here for the idle time, seats held or not, else checks
     * again whether an unused one has history (a hold may have ended since).
     */
    void sweep(boolean emptyHere) {
        if (emptyHere && time.now() - emptySince >= idleMillis) {
            expire.run();
        } else {
            check();
        }
    }
}
