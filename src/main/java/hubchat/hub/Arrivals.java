package hubchat.hub;

import hubchat.engine.Engine;
import hubchat.engine.Stored;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A room's end of its engine feed: the messages the engine delivers, on its own threads, wait
 * here, and one room event fans out every one that arrived before it ran. A commit or a read of
 * many messages thus costs the room one event, and its messages go out in one turn, in one write
 * per connection, instead of being split over the writes that happen to start meanwhile.
 *
 * <p>Order: one queue, taken from by room events only, which run one at a time; so messages are
 * fanned out in the order the engine delivered them. An event stops when the turn has queued its
 * budget of frames ({@link Turns#hasBudget}) and queues another for the rest, so that gathering
 * never queues more for a member at once than a turn may.
 */
final class Arrivals implements Engine.Feed {
    private final ConcurrentLinkedQueue<Stored> waiting = new ConcurrentLinkedQueue<>();
    /** An event that will take what waits is queued in the room and has not started yet. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<Runnable> room;
    private final Consumer<Stored> fanOut;
    private final BooleanSupplier turnHasBudget;

    /** Arrivals handed to {@code fanOut} in events queued with {@code room}, while {@code turnHasBudget}. */
    Arrivals(Consumer<Runnable> room, Consumer<Stored> fanOut, BooleanSupplier turnHasBudget) {
        this.room = room;
        this.fanOut = fanOut;
        this.turnHasBudget = turnHasBudget;
    }

    @Override
    public void deliver(Stored stored) {
        waiting.add(stored);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            room.accept(this::fanOutWaiting);
        }
    }

    private void fanOutWaiting() {
        scheduled.set(false); // first: a message that comes while this runs gets an event of its own, or is taken here
        Stored s;
        while (turnHasBudget.getAsBoolean() && (s = waiting.poll()) != null) {
            fanOut.accept(s);
        }
        if (!waiting.isEmpty()) {
            schedule();
        }
    }
}
