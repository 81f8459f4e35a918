package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Frames;
import hubchat.metrics.ChatMetrics;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How a room's turns and its writes interleave: turns go on while a write is going on, their
 * frames wait for it and go out together, and a room never runs more than a budget ahead; or,
 * where the engine delivers at once, the next turn waits for the write.
 * Turns and writes run on the test's thread; a write is done when the test says so.
 */
class TurnsTest {
    private static final long SEND_QUEUE_BYTES = 4_000; // a budget of 1,000 bytes waiting

    private final Host host = new Host();
    private final Turns turns = new Turns("lobby", host, SEND_QUEUE_BYTES, true);

    @Test
    void eventsRunWhileAWriteIsGoingOnAndTheirFramesGoOutTogetherWhenItIsDone() {
        Member ann = member();
        Member bob = member();
        Member cat = member();
        AtomicInteger ran = new AtomicInteger();
        turns.submit(() -> turns.deliver(ann, Frames.typing("x")));
        Write first = host.writes.remove();
        assertEquals(List.of(ann.connection()), first.connections);

        turns.submit(() -> { turns.deliver(bob, Frames.typing("y")); ran.incrementAndGet(); });
        turns.submit(() -> { turns.deliver(cat, Frames.typing("z")); ran.incrementAndGet(); });
        assertEquals(2, ran.get(), "the room did not wait for the write to run its events");
        assertNull(host.writes.peek(), "one write at a time");

        first.done.run();
        assertEquals(List.of(bob.connection(), cat.connection()), host.writes.remove().connections);
        assertNull(host.writes.peek());
    }

    @Test
    void aRoomStopsRunningEventsWhileTheFramesWaitingForAWriteFillItsBudget() {
        Member ann = member();
        Member bob = member();
        turns.submit(() -> turns.deliver(ann, Frames.typing("x")));
        Write first = host.writes.remove();

        turns.submit(() -> turns.deliver(bob, Frames.typing("b".repeat(1_000))));
        AtomicBoolean later = new AtomicBoolean();
        turns.submit(() -> later.set(true));
        assertFalse(later.get(), "ran ahead of the write with a full budget waiting");

        first.done.run();
        Write second = host.writes.remove();
        assertEquals(List.of(bob.connection()), second.connections, "the waiting frames go out first");
        assertTrue(later.get(), "the room goes on once they are handed to the writers");
    }

    @Test
    void aTurnWithNoFramesNeverWaitsForAWrite() {
        Member ann = member();
        turns.submit(() -> turns.deliver(ann, Frames.typing("x".repeat(2_000))));
        Write first = host.writes.remove();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            turns.submit(ran::incrementAndGet);
        }
        assertEquals(3, ran.get());
        first.done.run();
        assertNull(host.writes.peek(), "nothing waited, so nothing more is written");
    }

    @Test
    void whereTheEngineDeliversAtOnceTheNextTurnWaitsForTheWrite() {
        Turns waiting = new Turns("lobby", host, SEND_QUEUE_BYTES, false);
        Member ann = member();
        waiting.submit(() -> waiting.deliver(ann, Frames.typing("x")));
        Write first = host.writes.remove();
        AtomicInteger ran = new AtomicInteger();
        waiting.submit(ran::incrementAndGet);
        waiting.submit(ran::incrementAndGet);
        assertEquals(0, ran.get(), "a turn ran while the write was going on");
        first.done.run();
        assertEquals(2, ran.get(), "both events in the turn after the write");
    }

    private static Member member() {
        Connection c = new Connection(FakeTransport.reading(), 1 << 20, Runnable::run, Runnable::run);
        return new Member(c, "lobby", "someone", null, null, Admitted.UNKNOWN, 0, RateLimits.off());
    }

    private record Write(List<Connection> connections, Runnable done) {
    }

    /** Runs turns at once on the caller's thread; keeps each write until the test completes it. */
    private static final class Host implements RoomHost {
        final Queue<Write> writes = new ArrayDeque<>();
        final ChatMetrics metrics = new ChatMetrics();

        @Override
        public void runTurn(Runnable turn) {
            turn.run();
        }

        @Override
        public void write(List<Connection> connections, Runnable done) {
            writes.add(new Write(List.copyOf(connections), done));
        }

        @Override
        public Timekeeper time() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reenter(Member m) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forget(Room room) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void retire(Member m) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChatMetrics metrics() {
            return metrics;
        }

        @Override
        public void seated(Member m) {
            throw new UnsupportedOperationException();
        }
    }
}
