package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leave grace: a member whose connection dropped without a goodbye stays listed, and is not
 * announced as gone, for {@code CHAT_LEAVE_GRACE_SECONDS}. Back within it with its resume secret,
 * it is announced as neither and keeps its nick; not back, its leave is announced when the grace
 * ends (and its seat is then held as before); a goodbye is announced at once. On the fixture's
 * clock, which only moves by hand.
 */
class LeaveGraceTest {
    private static final int GRACE_SECONDS = 10;
    private static final long GRACE_MILLIS = GRACE_SECONDS * 1000L;

    private final HubFixture fx = new HubFixture(Settings.defaults()
            .with(Setting.PRESENCE_WINDOW_MS, 50)
            .with(Setting.RESUME_HOLD_SECONDS, 60)
            .with(Setting.LEAVE_GRACE_SECONDS, GRACE_SECONDS));

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aDropFollowedByAResumeWithinTheGraceIsAnnouncedAsNeitherAndKeepsTheNick() throws Exception {
        FakeTransport bob = fx.join("lobby", "bob");
        bob.next("welcome");
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = (String) ann.next("welcome").get("resume");
        fx.windowPasses(bob);
        assertTrue(list(bob.next("presence"), "joined").contains("ann"));

        fx.lose(ann);
        fx.settle(fx.member(bob).room()); // the grace starts
        fx.time.advance(GRACE_MILLIS - 1);
        FakeTransport back = fx.resume("lobby", "ann", null, secret);
        Map<String, Object> welcome = back.next("welcome");
        assertEquals("ann", welcome.get("you"), "her own nick, not ann-2");
        assertEquals(2L, welcome.get("memberCount"));

        fx.time.advance(GRACE_MILLIS); // the dropped connection's grace ends: it was replaced, nothing to announce
        fx.say(back, "still here");
        fx.windowPasses(bob);
        List<Map<String, Object>> atBob = fx.framesSoFar(bob);
        assertEquals(List.of("message"), atBob.stream().map(f -> f.get("type")).toList(),
                "bob saw ann neither leave nor join: " + atBob);
        assertEquals("ann", atBob.get(0).get("from"));
    }

    @Test
    void aDroppedMemberStaysListedThroughTheGraceAndItsLeaveIsAnnouncedWhenItEnds() throws Exception {
        FakeTransport bob = fx.join("lobby", "bob");
        bob.next("welcome");
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = (String) ann.next("welcome").get("resume");
        fx.windowPasses(bob);
        bob.next("presence");

        fx.lose(ann);
        fx.settle(fx.member(bob).room()); // the grace starts
        fx.time.advance(GRACE_MILLIS - 1_000);
        fx.windowPasses(bob);
        FakeTransport newcomer = fx.join("lobby", "ann");
        Map<String, Object> welcome = newcomer.next("welcome");
        assertEquals("ann-2", welcome.get("you"), "the nick is still ann's");
        assertEquals(List.of("ann-2", "bob", "ann"), list(welcome, "members"), "ann is still listed during the grace");
        fx.windowPasses(bob);
        assertEquals(List.of("ann-2"), list(bob.next("presence"), "joined"));
        assertEquals(List.of(), fx.framesSoFar(bob), "nothing about ann before the grace ends");

        fx.time.advance(1_000);
        fx.windowPasses(bob);
        Map<String, Object> left = bob.next("presence");
        assertEquals(List.of("ann"), list(left, "left"), "announced when the grace ends");
        assertEquals(2L, left.get("memberCount"));

        // the seat is held after the grace, as after any drop: her return is a join
        FakeTransport back = fx.resume("lobby", "ann", null, secret);
        assertEquals("ann", back.next("welcome").get("you"));
        fx.windowPasses(bob);
        assertEquals(List.of("ann"), list(bob.next("presence"), "joined"));
    }

    @Test
    void aGoodbyeIsAnnouncedAtOnceWhateverTheGrace() throws Exception {
        FakeTransport bob = fx.join("lobby", "bob");
        bob.next("welcome");
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        fx.windowPasses(bob);
        bob.next("presence");

        fx.leave(ann);
        fx.windowPasses(bob);
        Map<String, Object> left = bob.next("presence");
        assertEquals(List.of("ann"), list(left, "left"));
        assertEquals(1L, left.get("memberCount"));
        assertEquals("ann", fx.join("lobby", "ann").next("welcome").get("you"), "her nick is free at once");
    }

    @Test
    void withNoGraceADropIsAnnouncedAtOnce() throws Exception {
        HubFixture noGrace = new HubFixture(Settings.defaults()
                .with(Setting.PRESENCE_WINDOW_MS, 50).with(Setting.LEAVE_GRACE_SECONDS, 0));
        try {
            FakeTransport bob = noGrace.join("lobby", "bob");
            bob.next("welcome");
            FakeTransport ann = noGrace.join("lobby", "ann");
            ann.next("welcome");
            noGrace.windowPasses(bob);
            bob.next("presence");

            noGrace.lose(ann);
            noGrace.windowPasses(bob);
            assertEquals(List.of("ann"), list(bob.next("presence"), "left"));
        } finally {
            noGrace.close();
        }
    }
}
