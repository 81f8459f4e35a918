package hubchat.hub;

import hubchat.metrics.ChatMetrics;
import hubchat.protocol.ErrorCode;
import hubchat.protocol.OutboundFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a room's events run: they wait in its {@link Mailbox} and run in turns, one turn at a
 * time, on the hub's room threads, so the room's state is confined to whichever thread runs the
 * turn and needs no locks. The frames a turn produces are queued on their connections and
 * written together by the writer threads, one write at a time. Where the engine delivers later
 * (a shared store), turns go on while a write is going on, and their frames wait for it and go
 * out together in the next write; where it delivers at once, the next turn waits for the write,
 * as the events that come meanwhile batch best into one turn.
 *
 * <p>Invariant: nothing here blocks. {@link #deliver} only queues onto a {@link Connection}.
 */
final class Turns implements Runnable {
    private static final Logger LOG = Logger.getLogger(Turns.class.getName());
    /** Events handled per turn before the thread is handed to other rooms. */
    private static final int EVENTS_PER_TURN = 256;
    /**
     * Share of a connection's send queue that frames waiting for the next write may fill before
     * the room stops running turns until then, so that batching never makes a reader that keeps
     * up look slow.
     */
    private static final int TURN_SHARE_OF_SEND_QUEUE = 4;

    private static final Runnable NO_EVENT = () -> { };

    private final String room;
    private final RoomHost host;
    private final long turnBudget;
    /** Whether turns go on while a write is going on (see the class comment). */
    private final boolean aheadOfWrites;
    private final Mailbox mailbox = new Mailbox();
    private final ChatMetrics metrics;

    // Turn-thread state.
    /** Connections given frames since the last write started; written together by the next. */
    private List<Connection> toWrite = new ArrayList<>();
    /** Bytes queued for any one member since the last write started, at most (a broadcast counts once). */
    private long turnBytes;
    private OutboundFrame lastCounted;
    /** When the earliest message whose frames wait for the next write was fanned out (nanoTime); 0: none waits. */
    private long messagesSince;

    // Guarded by this.
    /** A write is handing frames to the transports. */
    private boolean writing;
    /** Frames of a turn that ran during the write wait for it. */
    private boolean waiting;
    /** A turn found a write going on with a full budget of frames waiting: it keeps the mailbox until then. */
    private boolean holding;

    Turns(String room, RoomHost host, long sendQueueBytes, boolean aheadOfWrites) {
        this.room = room;
        this.host = host;
        this.turnBudget = sendQueueBytes / TURN_SHARE_OF_SEND_QUEUE;
        this.aheadOfWrites = aheadOfWrites;
        this.metrics = host.metrics();
    }

    /** Queues an event for the room; never blocks. */
    void submit(Runnable event) {
        mailbox.add(event);
        if (mailbox.claim()) {
            host.runTurn(this);
        }
    }

    /**
     * Runs {@code then} with the answer of {@code stage} in the room: in this turn if it is
     * already there (a local roster or engine answers at once), else as an event when it comes.
     * Called on the turn's thread. The failure handed on is the cause, not its wrapper.
     */
    <T> void whenAnswered(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        if (f.isDone()) {
            T value = null;
            Throwable failure = null;
            try {
                value = f.join();
            } catch (CompletionException e) {
                failure = e.getCause() == null ? e : e.getCause();
            } catch (RuntimeException e) {
                failure = e;
            }
            then.accept(value, failure);
            return;
        }
        f.whenComplete((value, failure) -> submit(() -> then.accept(value,
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure)));
    }

    /**
     * Drains the mailbox for one turn; another turn follows if more is waiting. The frames wait
     * for the write going on, if any; a turn that runs while none is starts one with them, and
     * unless turns go on while it is written, keeps the mailbox until it is.
     */
    @Override
    public void run() {
        for (int i = 0; i < EVENTS_PER_TURN && turnBytes < turnBudget; i++) {
            Runnable event = mailbox.poll();
            if (event == null) {
                break;
            }
            try {
                event.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "room " + room + ": event failed", e);
            }
        }
        List<Connection> batch = null;
        long since = 0;
        synchronized (this) {
            if (!writing) {
                if (!toWrite.isEmpty()) {
                    writing = true;
                    batch = toWrite;
                    toWrite = new ArrayList<>();
                    holding = !aheadOfWrites;
                }
                since = messagesSince; // with no write to start, the frames went with drains already going on
                messagesSince = 0;
                turnBytes = 0; // what was queued is handed, or about to be
                lastCounted = null;
                waiting = false;
            } else if (turnBytes >= turnBudget) {
                holding = true; // a room never runs further ahead of its writers
                waiting = !toWrite.isEmpty();
                return;
            } else if (!toWrite.isEmpty()) {
                waiting = true;
            }
        }
        // The next turn may start before write() returns: touch no turn state after endTurn().
        if (batch != null) {
            long fannedOutAt = since;
            host.write(batch, since == 0 ? this::written : () -> {
                metrics.fannedOut(System.nanoTime() - fannedOutAt);
                written();
            });
            if (!aheadOfWrites) {
                return; // written() ends the turn
            }
        }
        endTurn();
    }

    /** A write is done: the frames waiting for it need a turn to go out, if any wait. */
    private void written() {
        boolean held;
        boolean frames;
        synchronized (this) {
            writing = false;
            held = holding;
            frames = waiting;
            holding = false;
        }
        if (held && frames) {
            host.runTurn(this); // it holds the mailbox still, and writes before it runs any event
        } else if (held) {
            endTurn();
        } else if (frames) {
            submit(NO_EVENT); // a turn writes them; one running now sees that no write is going on
        }
    }

    /** Queues a frame for {@code m}; it goes out with the others of this turn, in the next write. */
    void deliver(Member m, OutboundFrame frame) {
        if (frame != lastCounted) {
            turnBytes += frame.bytes();
            lastCounted = frame;
        }
        if (m.connection().offer(frame)) {
            toWrite.add(m.connection());
        }
    }

    /** An error frame for {@code m} alone, counted by its code. */
    void sendError(Member m, ErrorCode code, OutboundFrame frame) {
        metrics.error(code);
        deliver(m, frame);
    }

    /**
     * A stored message was just fanned out, its frames given to {@code recipients} members:
     * counted once for all of them, and the write that carries it is timed from now unless an
     * earlier message already waits for it.
     */
    void fannedOut(int recipients) {
        metrics.delivered(recipients);
        if (recipients > 0 && messagesSince == 0) {
            messagesSince = System.nanoTime();
        }
    }

    /** Lets the next turn start: at once if events are waiting. */
    private void endTurn() {
        if (mailbox.release()) {
            host.runTurn(this);
        }
    }
}
