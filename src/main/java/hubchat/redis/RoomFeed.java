package hubchat.redis;

import hubchat.engine.Engine;
import hubchat.redis.AwaitedDeliveries.Fate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One room open on this node: hands its {@link Engine.Feed} every message stored in the room by
 * any node after the room's position at {@link #start}, once each and in the room's order. The
 * channel says what is new; the stream is the truth: an entry published right after the last
 * one delivered is delivered at once, any other (a gap, a new epoch, a publish this node may
 * have missed) makes the feed read the stream after its position (a catch-up) and deliver what
 * it had not.
 *
 * <p>The position ({@link FeedPosition}) is the (epoch, seq) of the last entry delivered. Within an epoch an entry is
 * new if its seq is greater. Across epochs the stream decides: it is always in the order the
 * entries were stored (stream ids only grow, also across a restart that kept data), so after a
 * change of epoch the whole stream is read and everything after the last entry this feed had
 * passed (of its epoch up to its seq, or of an epoch it passed before) is new. That holds
 * whether the new epoch's seqs start at 1 (Redis came back empty) or go on after what Redis
 * kept (an older snapshot: the new seqs may repeat seqs this feed delivered in the old epoch).
 *
 * <p>This node's appends wait for their entries here ({@link AwaitedDeliveries}): each is
 * answered once delivered, or failed once the feed left its epoch without it.
 *
 * <p>Threads: called on Lettuce's threads (pub/sub, command replies, the timer) and the opener's.
 * Every change of state and every delivery happens under this object's lock, so deliveries are
 * never concurrent and never out of order; {@link Engine.Feed#deliver} does not block. At most
 * one catch-up reads at a time; a request meanwhile makes one more follow it.
 */
final class RoomFeed {
    private static final Logger LOG = Logger.getLogger(RoomFeed.class.getName());
    /** Entries read per catch-up read. */
    static final int PAGE = 256;

    private final String room;
    private final Engine.Feed feed;
    private final RoomStream stream;
    /** The most a room's stream holds: a full read of it stops a page beyond. */
    private final int historySize;
    /** Whether Redis confirmed this node's subscription to the room's channel (see {@link RoomFeeds}). */
    private volatile boolean subscribed;

    // Guarded by this.
    private boolean closed;
    private boolean starting;
    private boolean started;
    private final FeedPosition position = new FeedPosition();
    private final AwaitedDeliveries awaited;
    private boolean reading;
    private boolean again;
    /** The last read failed: logged once, and once more when one succeeds. */
    private boolean failing;

    RoomFeed(String room, Engine.Feed feed, RoomStream stream, int historySize, long deliveryWaitMillis) {
        this.room = room;
        this.feed = feed;
        this.stream = stream;
        this.historySize = historySize;
        this.awaited = new AwaitedDeliveries(room, deliveryWaitMillis);
    }

    /**
     * A stage that completes once this feed delivered the entry (epoch, seq) that this node
     * appended, or fails once the feed is past it without it (Redis lost it first); completes
     * at once if the feed is closed.
     */
    synchronized CompletableFuture<Void> awaitDelivery(String epoch, long seq) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        return awaited.add(epoch, seq, this::fate);
    }

    /** An entry's fate: pending until the feed started, then as its position says. */
    private Fate fate(String e, long s) {
        return started ? position.fate(e, s) : Fate.PENDING;
    }

    /**
     * Reads where the feed starts: after the room's last entry; what is stored after it is this
     * node's to deliver. One plain command on the node's one command connection, so Redis runs
     * it before anything this node sends after it: before this node's next append (whose own
     * copy its sender gets from the feed), and before the room's welcome reads (so a welcome's
     * history never ends before the feed's start). If it fails, the next {@link #catchUp} tries
     * again.
     */
    void start() {
        synchronized (this) {
            if (closed || started || starting) {
                return;
            }
            starting = true;
        }
        attempt(() -> stream.last(room)).whenComplete(this::started);
    }

    private void started(Optional<StreamEntry> last, Throwable error) {
        synchronized (this) {
            starting = false;
            if (closed || started || failed(error)) {
                return;
            }
            position.start(last.map(StreamEntry::epoch).orElse(""), last.map(StreamEntry::seq).orElse(0L));
            started = true;
            awaited.settle(this::fate);
        }
        catchUp(); // what was published before the subscription took hold
    }

    /** An entry as the room's channel carried it. */
    synchronized void published(StreamEntry e) {
        if (closed || !started) {
            return; // not started: the catch-up after the start reads it from the stream
        }
        if (position.isNext(e)) {
            deliver(e);
        } else if (!position.isBehind(e)) {
            catchUp(); // a gap, or a new epoch: the stream has what came in between
        }
    }

    /**
     * Reads the stream after the position and delivers what is new (see the class comment); or
     * if the feed could not start yet (Redis was unreachable), starts it.
     */
    void catchUp() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!started) {
                start(); // re-enters the lock; catches up once it knows the position
                return;
            }
            if (reading) {
                again = true;
                return;
            }
            reading = true;
            read(position.seq(), null);
        }
    }

    /** Fails this node's appends that waited too long for their delivery (see {@link AwaitedDeliveries#expire}). */
    synchronized void expireWaits() {
        awaited.expire();
    }

    /** No more deliveries, from now on. */
    synchronized void close() {
        closed = true;
        awaited.release();
    }

    boolean subscribed() {
        return subscribed;
    }

    void subscribed(boolean confirmed) {
        subscribed = confirmed;
    }

    /**
     * Reads entries after {@code after}; {@code scanned} null: a plain catch-up, else a read
     * of the whole stream so far (after a change of epoch). Called under the lock, last.
     */
    private void read(long after, List<StreamEntry> scanned) {
        attempt(() -> stream.follow(room, after, PAGE)).whenComplete((page, error) -> onPage(page, error, scanned));
    }

    private synchronized void onPage(StreamPage page, Throwable error, List<StreamEntry> scanned) {
        try {
            onPageLocked(page, error, scanned);
        } catch (RuntimeException bug) { // never leave the feed reading forever: the tick catches up again
            LOG.log(Level.WARNING, "Room " + room + ": catch-up failed", bug);
            reading = false;
            again = false;
        }
    }

    private void onPageLocked(StreamPage page, Throwable error, List<StreamEntry> scanned) {
        if (closed) {
            return;
        }
        if (failed(error)) {
            reading = false; // the next publish, subscription or tick catches up again
            again = false;
            return;
        }
        if (scanned == null) {
            String epoch = position.epoch();
            if (!page.epoch().equals(epoch) || page.entries().stream().anyMatch(e -> !e.epoch().equals(epoch))) {
                read(0, new ArrayList<>()); // the epoch changed: only the whole stream tells what is new
                return;
            }
            for (StreamEntry e : page.entries()) {
                if (e.seq() > position.seq()) {
                    deliver(e);
                }
            }
            if (page.entries().size() == PAGE) {
                read(position.seq(), null);
                return;
            }
        } else {
            scanned.addAll(page.entries());
            boolean more = page.entries().size() == PAGE;
            if (more && scanned.size() < historySize + PAGE) {
                read(scanned.get(scanned.size() - 1).seq(), scanned);
                return;
            }
            deliverAfterPassed(scanned);
            again |= more; // stopped short of the end (a flood of appends): go on from here
        }
        reading = false;
        if (again) {
            again = false;
            catchUp(); // re-enters the lock: this thread holds it
        }
    }

    /** Whether a read failed; the first failure after a success and the first success after failures are logged. */
    private boolean failed(Throwable error) {
        if ((error != null) != failing) {
            failing = error != null;
            LOG.info(failing ? "Room " + room + ": reading its stream failed (" + error + "); trying again at the next message or tick"
                    : "Room " + room + ": reading its stream again");
        }
        return failing;
    }

    /** Delivers the entries after the last one this feed had passed (all, if it passed none). */
    private void deliverAfterPassed(List<StreamEntry> stream) {
        int last = -1;
        for (int i = 0; i < stream.size(); i++) {
            if (position.isBehind(stream.get(i))) {
                last = i;
            }
        }
        for (StreamEntry e : stream.subList(last + 1, stream.size())) {
            if (!position.isBehind(e)) {
                deliver(e);
            }
        }
    }

    private void deliver(StreamEntry e) {
        position.moveTo(e);
        try {
            feed.deliver(MessageFields.stored(room, e));
        } catch (RuntimeException bad) { // an entry this engine did not write, or a feed that broke its promise
            LOG.log(Level.WARNING, "Room " + room + ": entry " + e.id() + " not delivered", bad);
        }
        awaited.settle(this::fate);
    }


    /** A read's stage, failed rather than thrown if it could not even be sent (not connected yet). */
    private static <T> CompletionStage<T> attempt(Supplier<CompletionStage<T>> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
