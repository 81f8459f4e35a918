package hubchat.redis;

import hubchat.engine.EngineUnavailableException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This node's appends to one room whose answers wait for the room's {@link RoomFeed} to deliver
 * them. A stored message's sender hears of it only from the feed (its own copy), so an append
 * must not be answered as stored when the feed never delivers it: that happens when Redis loses
 * the message (restarted from an older snapshot, or empty) after it answered the append but
 * before this node's feed read it. Each waiter completes once the feed delivered its entry, and
 * fails (the sender is told to send again, and its cid tells a re-send from a new message) once
 * the feed is past it without having delivered it. Guarded by the owning feed's lock.
 */
final class AwaitedDeliveries {

    /** What the feed's position says of one entry: delivered, never to be delivered, or not yet known. */
    enum Fate { DELIVERED, LOST, PENDING }

    /** How the feed judges an entry (epoch, seq) by its position. */
    interface Judge {
        Fate fate(String epoch, long seq);
    }

    /** An append's entry, and when (System.nanoTime) its wait ends. */
    private record Waiter(String epoch, long seq, long deadline, CompletableFuture<Void> done) {
    }

    private final String room;
    private final long waitNanos;
    private final List<Waiter> waiting = new ArrayList<>();

    /** Waiters of {@code room}, each waiting at most {@code waitMillis} (see {@link #expire}). */
    AwaitedDeliveries(String room, long waitMillis) {
        this.room = room;
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    }

    /** A stage that completes once the entry (epoch, seq) is delivered, or fails once it never will be. */
    CompletableFuture<Void> add(String epoch, long seq, Judge judge) {
        Waiter w = new Waiter(epoch, seq, System.nanoTime() + waitNanos, new CompletableFuture<>());
        waiting.add(w);
        settle(judge);
        return w.done;
    }

    /** Completes or fails every waiter that the feed's position now decides. */
    void settle(Judge judge) {
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext();) {
            Waiter w = it.next();
            Fate fate = judge.fate(w.epoch, w.seq);
            if (fate == Fate.DELIVERED) {
                w.done.complete(null);
                it.remove();
            } else if (fate == Fate.LOST) {
                w.done.completeExceptionally(new EngineUnavailableException("Redis lost message " + w.epoch + "-"
                        + w.seq + " of room " + room + " before this node could deliver it", null));
                it.remove();
            }
        }
    }

    /**
     * Fails every waiter whose wait is over: a stored message the feed has not delivered after
     * a few catch-ups most likely never will be (its sender, told to send it again, gets the
     * stored one back by its cid if Redis kept it). Called at the feed's periodic catch-up.
     */
    void expire() {
        long now = System.nanoTime();
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext();) {
            Waiter w = it.next();
            if (now - w.deadline >= 0) {
                w.done.completeExceptionally(new EngineUnavailableException("message " + w.epoch + "-" + w.seq
                        + " of room " + room + " not delivered here within " + waitNanos / 1_000_000 + " ms", null));
                it.remove();
            }
        }
    }

    /** The feed delivers no more: nothing is left to wait for (nobody here to answer either). */
    void release() {
        waiting.forEach(w -> w.done.complete(null));
        waiting.clear();
    }
}
