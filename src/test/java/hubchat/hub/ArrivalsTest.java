package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.engine.Stored;
import hubchat.protocol.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArrivalsTest {
    private final ArrayDeque<Runnable> roomEvents = new ArrayDeque<>();
    private final List<Long> fannedOut = new ArrayList<>();

    private static Stored stored(long seq) {
        return new Stored(new ChatMessage("e-" + seq, "r", "ann", "m" + seq, 0), "e", seq, "node", null);
    }

    @Test
    void messagesDeliveredBeforeTheRoomRunsCostOneEventAndGoOutInOrder() {
        Arrivals arrivals = new Arrivals(roomEvents::add, s -> fannedOut.add(s.seq()), () -> true);
        for (long seq = 1; seq <= 5; seq++) {
            arrivals.deliver(stored(seq));
        }
        assertEquals(1, roomEvents.size());
        roomEvents.poll().run();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), fannedOut);
    }

    @Test
    void aMessageDeliveredWhileTheEventRunsIsFannedOutOnceAndAfterTheOthers() {
        Arrivals[] self = new Arrivals[1];
        self[0] = new Arrivals(roomEvents::add, s -> {
            fannedOut.add(s.seq());
            if (s.seq() == 1) {
                self[0].deliver(stored(3)); // as an engine thread would, while the room fans out
            }
        }, () -> true);
        self[0].deliver(stored(1));
        self[0].deliver(stored(2));
        while (!roomEvents.isEmpty()) {
            roomEvents.poll().run();
        }
        assertEquals(List.of(1L, 2L, 3L), fannedOut);
    }

    @Test
    void anEventStopsAtTheTurnsBudgetAndLeavesTheRestToTheNextInOrder() {
        int[] budget = {2};
        Arrivals arrivals = new Arrivals(roomEvents::add, s -> {
            fannedOut.add(s.seq());
            budget[0]--;
        }, () -> budget[0] > 0);
        for (long seq = 1; seq <= 5; seq++) {
            arrivals.deliver(stored(seq));
        }
        roomEvents.poll().run();
        assertEquals(List.of(1L, 2L), fannedOut);
        assertEquals(1, roomEvents.size(), "the rest waits for an event of its own");
        budget[0] = 10; // a new turn
        roomEvents.poll().run();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), fannedOut);
        assertEquals(0, roomEvents.size());
    }

    @Test
    void concurrentDeliveriesAreEachFannedOutExactlyOnceInTheirOrder() throws Exception {
        ExecutorService room = Executors.newSingleThreadExecutor();
        List<Long> out = new ArrayList<>(); // room thread only
        int count = 100_000;
        CountDownLatch all = new CountDownLatch(count);
        Arrivals arrivals = new Arrivals(room::execute, s -> {
            out.add(s.seq());
            all.countDown();
        }, () -> true);
        for (long seq = 1; seq <= count; seq++) {
            arrivals.deliver(stored(seq));
        }
        all.await(30, TimeUnit.SECONDS);
        room.submit(() -> { }).get();
        room.shutdown();
        assertEquals(count, out.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i + 1, out.get(i));
        }
    }
}
