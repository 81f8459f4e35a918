package hubchat.hub;

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
 * written together by the writer threads when the turn ends; the next turn waits for them.
 *
 * <p>Invariant: nothing here blocks. {@link #deliver} only queues onto a {@link Connection}.
 */
final class Turns implements Runnable {
    private static final Logger LOG = Logger.getLogger(Turns.class.getName());
    /** Events handled per turn before the thread is handed to other rooms. */
    private static final int EVENTS_PER_TURN = 256;
    /**
     * Share of a connection's send queue one turn may fill before its frames are written, so
     * that batching a turn's frames never makes a reader that keeps up look slow.
     */
    private static final int TURN_SHARE_OF_SEND_QUEUE = 4;

    private final String room;
    private final RoomHost host;
    private final long turnBudget;
    private final Mailbox mailbox = new Mailbox();

    // Turn-thread state.
    /** Connections given frames during this turn; written together when the turn ends. */
    private List<Connection> toWrite = new ArrayList<>();
    /** Bytes this turn has queued for any one member, at most (a broadcast counts once). */
    private long turnBytes;
    private OutboundFrame lastCounted;

    Turns(String room, RoomHost host, long sendQueueBytes) {
        this.room = room;
        this.host = host;
        this.turnBudget = sendQueueBytes / TURN_SHARE_OF_SEND_QUEUE;
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

    /** Drains the mailbox for one turn; another turn follows if more is waiting. */
    @Override
    public void run() {
        turnBytes = 0;
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
        if (!toWrite.isEmpty()) {
            // The turn keeps the mailbox until its frames are written: a room never runs ahead
            // of its writers, so a burst cannot make readers that keep up look slow. The next
            // turn may start before this method returns: touch no turn state after write().
            List<Connection> written = toWrite;
            toWrite = new ArrayList<>();
            host.write(written, this::endTurn);
            return;
        }
        endTurn();
    }

    /** Queues a frame for {@code m}; it is written when this turn ends, with all the others. */
    void deliver(Member m, OutboundFrame frame) {
        if (frame != lastCounted) {
            turnBytes += frame.bytes();
            lastCounted = frame;
        }
        if (m.connection().offer(frame)) {
            toWrite.add(m.connection());
        }
    }

    /** Lets the next turn start: at once if events are waiting. */
    private void endTurn() {
        if (mailbox.release()) {
            host.runTurn(this);
        }
    }
}
