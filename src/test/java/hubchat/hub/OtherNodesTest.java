package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A room whose roster is shared with other nodes: their members count in welcomes and presence,
 * their joins, leaves and renames are announced like local ones, a nick they hold is not given
 * out here, and a join waits for its nick claim (the member's early frames with it).
 */
class OtherNodesTest {
    private static final Settings SETTINGS = Settings.defaults().with(Setting.PRESENCE_WINDOW_MS, 50);
    private final ScriptedRoster roster = new ScriptedRoster();
    private final HubFixture fx = new HubFixture(SETTINGS, time -> HubFixture.memoryEngine(SETTINGS, time), roster);

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void membersOfOtherNodesCountInTheWelcomeAndArriveAndLeaveAsPresence() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.windowPasses(ann);
        fx.framesSoFar(ann); // its own join
        roster.listener("lobby").others(Set.of("zed"));
        fx.windowPasses(ann);
        Map<String, Object> zed = fx.framesSoFar(ann).get(0);
        assertEquals(List.of("zed"), list(zed, "joined"));
        assertEquals(2, ((Number) zed.get("memberCount")).intValue());

        FakeTransport bob = fx.join("lobby", "bob");
        Map<String, Object> welcome = bob.next("welcome");
        assertEquals(List.of("bob", "ann", "zed"), list(welcome, "members"));
        assertEquals(3, ((Number) welcome.get("memberCount")).intValue());

        roster.listener("lobby").left("zed");
        roster.listener("lobby").joined("yan");
        fx.windowPasses(ann);
        List<Map<String, Object>> frames = fx.framesSoFar(ann);
        Map<String, Object> last = frames.get(frames.size() - 1);
        assertEquals("presence", last.get("type"));
        assertEquals(List.of("bob", "yan"), list(last, "joined"));
        assertEquals(List.of("zed"), list(last, "left"));
        assertEquals(3, ((Number) last.get("memberCount")).intValue());
    }

    @Test
    void aNickHeldOnAnotherNodeIsNotGivenOutHere() throws Exception {
        roster.takenElsewhere("ANN");
        FakeTransport ann = fx.join("lobby", "ann");
        assertEquals("ann-2", ann.next("welcome").get("you"));
        fx.send(ann, "{\"type\":\"nick\",\"nick\":\"Ann\"}");
        fx.settle(fx.member(ann).room());
        Map<String, Object> nick = fx.framesSoFar(ann).stream().filter(f -> "nick".equals(f.get("type"))).findFirst().orElseThrow();
        assertEquals("Ann-2", nick.get("to"), "Ann is taken elsewhere: the next free one, as for a local clash");
    }

    @Test
    void framesSentBeforeTheNickClaimIsAnsweredAreHandledAfterTheWelcomeInOrder() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        roster.holdClaims();
        FakeTransport bob = fx.join("lobby", "bob");
        fx.say(bob, "one");
        fx.say(bob, "two");
        fx.settle(fx.member(ann).room());
        assertEquals(List.of(), fx.framesSoFar(bob), "nothing before the claim is answered");
        roster.releaseClaims();
        fx.settle(fx.member(bob).room());
        List<Map<String, Object>> frames = fx.framesSoFar(bob);
        assertEquals("welcome", frames.get(0).get("type"));
        assertEquals(List.of("one", "two"), frames.stream().filter(f -> "message".equals(f.get("type")))
                .map(f -> f.get("text")).toList());
        assertEquals(List.of("one", "two"), fx.framesSoFar(ann).stream().filter(f -> "message".equals(f.get("type")))
                .map(f -> f.get("text")).toList());
    }

    @Test
    void aMemberGoneBeforeItsClaimIsAnsweredGivesItsNickBack() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.windowPasses(ann);
        fx.framesSoFar(ann);
        roster.holdClaims();
        FakeTransport bob = fx.join("lobby", "bob");
        fx.settle(fx.member(ann).room());
        fx.hub.leave(fx.member(bob));
        fx.settle(fx.member(ann).room());
        roster.releaseClaims();
        fx.windowPasses(ann);
        assertEquals(1, roster.released.size(), "the claimed seat is released");
        assertTrue(fx.framesSoFar(ann).stream().noneMatch(f -> "presence".equals(f.get("type"))), "bob was never announced");
    }

    @Test
    void aRenameOnAnotherNodeIsAnnouncedAfterThePresenceBeforeIt() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.windowPasses(ann);
        fx.framesSoFar(ann); // its own join
        roster.listener("lobby").joined("zed");
        roster.listener("lobby").renamed("zed", "zoe");
        fx.settle(fx.member(ann).room());
        List<Map<String, Object>> frames = fx.framesSoFar(ann);
        assertEquals(List.of("presence", "nick"), frames.stream().map(f -> f.get("type")).toList());
        assertEquals(List.of("zed"), list(frames.get(0), "joined"));
        assertEquals("zoe", frames.get(1).get("to"));

        FakeTransport bob = fx.join("lobby", "bob");
        assertEquals(List.of("bob", "ann", "zoe"), list(bob.next("welcome"), "members"));
    }
}
