package hubchat.hub;

import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.engine.MemoryEngine;
import hubchat.protocol.Disconnect;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Empty rooms must not lock out new ones: a room no one uses and whose engine has no history is
 * forgotten as its last member leaves; one with history, or with a seat held for a resume, is
 * kept (and counts under the room limit) as long as before; and new rooms are limited per client
 * address ({@code CHAT_NEW_ROOMS_PER_MINUTE}, {@code CHAT_NEW_ROOMS_BURST}).
 */
class EmptyRoomsTest {
    private static final Admitted MALLORY = new Admitted("203.0.113.66", () -> { });
    private static final Admitted ALICE = new Admitted("198.51.100.7", () -> { });

    private HubFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private Member join(String room, String nick, Admitted who, FakeTransport t) {
        return fx.hub.join(t, room, nick, null, null, who);
    }

    @Test
    void aClientOpeningAndClosingAThousandNewRoomsLeavesNoRoomAndLocksNoOneOut() throws Exception {
        fx = new HubFixture(Settings.defaults().with(Setting.NEW_ROOMS_PER_MINUTE, 0)); // the address limit off: the room limit alone
        assertEquals(1000, fx.settings.maxRooms());
        for (int i = 0; i < 1000; i++) {
            FakeTransport t = FakeTransport.reading();
            Member m = join("junk-" + i, "mallory", MALLORY, t);
            t.next("welcome");
            fx.hub.leave(m);
        }
        waitFor(() -> fx.hub.roomCount() == 0, "every empty room without history forgotten at once");

        FakeTransport alice = FakeTransport.reading();
        join("lobby", "alice", ALICE, alice);
        assertEquals("welcome", alice.next().get("type"), "a new room is not refused (1008 room_limit)");
    }

    @Test
    void newRoomsAreLimitedPerAddressAndAnotherAddressOrTheSameAfterTheWindowCanStillMakeRooms() throws Exception {
        fx = new HubFixture(Settings.defaults()); // 60 at once, then 30 a minute
        int burst = fx.settings.newRoomsBurst();
        for (int i = 0; i < 1000; i++) {
            FakeTransport t = FakeTransport.reading();
            Member m = join("junk-" + i, "mallory", MALLORY, t);
            if (i < burst) {
                t.next("welcome");
                fx.hub.leave(m);
            } else {
                assertClosedFor(Disconnect.TOO_MANY_NEW_ROOMS, t.awaitClose(), t.closeReason);
                assertTrue(t.frames.isEmpty(), "no welcome for a refused join");
            }
        }
        waitFor(() -> fx.hub.roomCount() == 0, "no room left behind");

        FakeTransport alice = FakeTransport.reading();
        join("lobby", "alice", ALICE, alice);
        assertEquals("welcome", alice.next().get("type"), "another address makes rooms");

        FakeTransport existing = FakeTransport.reading();
        join("lobby", "mallory", MALLORY, existing);
        assertEquals("welcome", existing.next().get("type"), "joining a room that exists makes none");

        fx.time.advance(60_000 / fx.settings.newRoomsPerMinute()); // one room's worth of the rate
        FakeTransport again = FakeTransport.reading();
        join("after-the-window", "mallory", MALLORY, again);
        assertEquals("welcome", again.next().get("type"), "the same address after the window");
        FakeTransport tooSoon = FakeTransport.reading();
        join("one-more", "mallory", MALLORY, tooSoon);
        assertClosedFor(Disconnect.TOO_MANY_NEW_ROOMS, tooSoon.awaitClose(), tooSoon.closeReason);
    }

    @Test
    void roomsEmptiedWithoutHistoryDoNotCountUnderTheRoomLimitButRoomsWithHistoryDo() throws Exception {
        fx = new HubFixture(Settings.defaults().with(Setting.MAX_ROOMS, 2));
        FakeTransport a = fx.joined("a", "ann");
        FakeTransport b = fx.joined("b", "ann");
        fx.post(a, "history keeps room a");
        fx.hub.leave(fx.member(a));
        fx.hub.leave(fx.member(b));
        waitFor(() -> fx.hub.roomCount() == 1, "room b, with no history, forgotten at once");

        fx.joined("c", "ann"); // the place room b had
        FakeTransport d = fx.join("d", "ann");
        assertClosedFor(Disconnect.ROOM_LIMIT, d.awaitClose(), d.closeReason);
        List<?> history = (List<?>) fx.join("a", "bob").next("welcome").get("history");
        assertEquals(1, history.size(), "room a kept with its history");
    }

    @Test
    void aRoomWithASeatHeldForAResumeIsKeptUntilTheHoldEnds() throws Exception {
        fx = new HubFixture();
        FakeTransport ann = fx.joined("lobby", "ann");
        Room lobby = fx.member(ann).room();
        fx.lose(ann); // no close frame: the seat is held, once the leave grace has passed
        fx.settle(lobby);
        fx.time.advance(fx.settings.leaveGraceMillis());
        fx.settle(lobby);
        assertEquals(1, fx.hub.roomCount(), "kept for the resume");

        fx.time.advance(fx.settings.resumeHoldMillis() + 60_000); // the sweeps run on the way
        waitFor(() -> fx.hub.roomCount() == 0, "forgotten once the hold ended, not after the idle time");
        assertTrue(fx.settings.resumeHoldMillis() + 60_000 < fx.settings.roomIdleMillis());
    }

    @Test
    void aRoomWhoseHistoryWasStoredElsewhereIsKeptWhenItsLastMemberLeaves() throws Exception {
        AtomicReference<MemoryEngine> engine = new AtomicReference<>();
        Settings settings = Settings.defaults();
        fx = new HubFixture(settings, time -> {
            engine.set(HubFixture.memoryEngine(settings, time));
            return engine.get();
        });
        // Stored by another node, or before a restart: this node's room never delivered it.
        engine.get().append("lobby", "zoe", null, "elsewhere", "from before", null).toCompletableFuture().join();
        FakeTransport ann = fx.join("lobby", "ann");
        Room lobby = fx.member(ann).room();
        assertEquals(List.of("from before"), ((List<?>) ann.next("welcome").get("history")).stream()
                .map(m -> ((java.util.Map<?, ?>) m).get("text")).toList());
        fx.hub.leave(fx.member(ann));
        fx.settle(lobby);
        fx.settle(lobby);
        assertEquals(1, fx.hub.roomCount(), "the engine says it has history: kept for the idle time");
        assertTrue(!lobby.isExpired());
    }

    @Test
    void whatTheHandshakeWasAdmittedWithIsGivenBackOnceWhateverEndsTheConnection() throws Exception {
        fx = new HubFixture(Settings.defaults().with(Setting.MAX_ROOMS, 1));
        AtomicInteger released = new AtomicInteger();
        Admitted counted = new Admitted("192.0.2.1", released::incrementAndGet);

        FakeTransport left = FakeTransport.reading();
        Member m = join("lobby", "ann", counted, left);
        left.next("welcome");
        fx.hub.lost(m);
        fx.hub.leave(m);
        assertEquals(1, released.get(), "a leave after a loss counts once");

        FakeTransport stay = fx.joined("lobby", "bob"); // keeps the one room
        FakeTransport refused = FakeTransport.reading();
        join("other", "ann", counted, refused);
        assertClosedFor(Disconnect.ROOM_LIMIT, refused.awaitClose(), refused.closeReason);
        assertEquals(2, released.get(), "refused by the room limit: given back at once");
        fx.hub.leave(fx.member(stay));
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
