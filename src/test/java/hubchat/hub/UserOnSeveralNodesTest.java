package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.identity.Identity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user with an identity connected here and on other nodes is one member: the roster tells
 * this room of each of its seats on other nodes under its one nick, and the room shows that nick
 * once, here and there together. Its first seat anywhere is announced as its join, its last as
 * its leave; its seats coming and going in between announce nothing, and it is listed and
 * counted once.
 */
class UserOnSeveralNodesTest {
    private static final Settings SETTINGS = Settings.defaults()
            .with(Setting.PRESENCE_WINDOW_MS, 50).with(Setting.RESUME_HOLD_SECONDS, 60);
    private static final Identity ANN = new Identity("u-ann", "Ann", null);
    private static final Identity BOB = new Identity("u-bob", "Bob", null);

    private final ScriptedRoster roster = new ScriptedRoster();
    private final HubFixture fx = new HubFixture(SETTINGS, time -> HubFixture.memoryEngine(SETTINGS, time), roster);

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Bob, here, with his own join announced and read. */
    private FakeTransport bob() throws InterruptedException {
        FakeTransport bob = fx.joinAs("lobby", BOB, null);
        bob.next("welcome");
        fx.windowPasses(bob);
        fx.framesSoFar(bob);
        return bob;
    }

    @Test
    void aUserOnAnotherNodeWhoJoinsHereIsListedAndCountedOnceAndNotAnnouncedAgain() throws Exception {
        FakeTransport bob = bob();
        roster.listener("lobby").joined("Ann");
        fx.windowPasses(bob);
        Map<String, Object> joined = bob.next("presence");
        assertEquals(List.of("Ann"), list(joined, "joined"));
        assertEquals(2, ((Number) joined.get("memberCount")).intValue());

        Map<String, Object> welcome = fx.joinAs("lobby", ANN, null).next("welcome");
        assertEquals("Ann", welcome.get("you"));
        assertEquals(List.of("Ann", "Bob"), list(welcome, "members"));
        assertEquals(2, ((Number) welcome.get("memberCount")).intValue());
        fx.windowPasses(bob);
        assertNoPresence(bob, "Ann's seat here is no join: she is here already");
    }

    @Test
    void itsLastConnectionHereLeavingWhileItIsOnAnotherNodeIsNoLeaveAndItsLastSeatAnywhereIs() throws Exception {
        FakeTransport bob = bob();
        roster.listener("lobby").joined("Ann");
        FakeTransport ann = fx.joinAs("lobby", ANN, null);
        ann.next("welcome");
        fx.windowPasses(bob);
        bob.next("presence");

        fx.leave(ann);
        fx.windowPasses(bob);
        assertNoPresence(bob, "Ann is still on another node");
        assertEquals(List.of("Bob", "Ann"), list(fx.joinAs("lobby", new Identity("u-cy", "Cy", null), null)
                .next("welcome"), "members").subList(1, 3));

        roster.listener("lobby").left("Ann");
        fx.windowPasses(bob);
        Map<String, Object> presence = fx.framesSoFar(bob).get(0);
        assertEquals(List.of("Ann"), list(presence, "left"));
        assertEquals(2, ((Number) presence.get("memberCount")).intValue(), "Bob and Cy");
    }

    @Test
    void itsSeatsOnOtherNodesComingAndGoingWhileItIsHereAnnounceNothing() throws Exception {
        FakeTransport bob = bob();
        FakeTransport ann = fx.joinAs("lobby", ANN, null);
        ann.next("welcome");
        fx.windowPasses(bob);
        assertEquals(List.of("Ann"), list(bob.next("presence"), "joined"));

        roster.listener("lobby").joined("Ann");
        roster.listener("lobby").joined("Ann"); // on two other nodes
        fx.windowPasses(bob);
        assertNoPresence(bob, "Ann is here already");
        roster.listener("lobby").left("Ann");
        roster.listener("lobby").left("Ann");
        fx.windowPasses(bob);
        assertNoPresence(bob, "Ann is still here");

        fx.leave(ann);
        fx.windowPasses(bob);
        Map<String, Object> presence = bob.next("presence");
        assertEquals(List.of("Ann"), list(presence, "left"));
        assertEquals(1, ((Number) presence.get("memberCount")).intValue());
    }

    @Test
    void onTwoOtherNodesItIsOneMemberUntilBothItsSeatsAreGone() throws Exception {
        FakeTransport bob = bob();
        roster.listener("lobby").others(List.of("Ann", "zed", "Ann"));
        fx.windowPasses(bob);
        Map<String, Object> joined = bob.next("presence");
        assertEquals(List.of("Ann", "zed"), list(joined, "joined"));
        assertEquals(3, ((Number) joined.get("memberCount")).intValue());
        assertEquals(List.of("Bob", "Ann", "zed"), list(fx.joinAs("lobby", new Identity("u-cy", "Cy", null), null)
                .next("welcome"), "members").subList(1, 4));
        fx.windowPasses(bob);
        fx.framesSoFar(bob); // Cy's join

        roster.listener("lobby").left("Ann");
        fx.windowPasses(bob);
        assertNoPresence(bob, "one of Ann's two seats elsewhere is gone");
        roster.listener("lobby").left("Ann");
        fx.windowPasses(bob);
        Map<String, Object> left = bob.next("presence");
        assertEquals(List.of("Ann"), list(left, "left"));
        assertEquals(3, ((Number) left.get("memberCount")).intValue(), "Bob, Cy and zed");
    }

    @Test
    void itsHeldSeatHereTakenBackWhileItIsOnAnotherNodeAnnouncesNothing() throws Exception {
        FakeTransport bob = bob();
        FakeTransport ann = fx.joinAs("lobby", ANN, null);
        ann.next("welcome");
        roster.listener("lobby").joined("Ann");
        fx.windowPasses(bob);
        assertEquals(List.of("Ann"), list(bob.next("presence"), "joined"));

        fx.lose(ann); // its seat here is held
        fx.windowPasses(bob);
        assertNoPresence(bob, "Ann is on another node");
        Map<String, Object> back = fx.joinAs("lobby", ANN, null).next("welcome");
        assertEquals("Ann", back.get("you"));
        assertEquals(2, ((Number) back.get("memberCount")).intValue());
        fx.windowPasses(bob);
        assertNoPresence(bob, "Ann never left");
    }

    private void assertNoPresence(FakeTransport t, String why) throws InterruptedException {
        List<Map<String, Object>> frames = fx.framesSoFar(t);
        assertEquals(List.of(), frames.stream().filter(f -> "presence".equals(f.get("type"))).toList(), why);
    }
}
