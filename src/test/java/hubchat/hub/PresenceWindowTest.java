package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence windows, with no container, on a clock moved by hand: the joins and leaves of one
 * window reach every member as one merged {@code presence} frame with the member count, and
 * someone who comes and goes (or goes and comes back) inside one window is announced neither way.
 * That the frames never contradict each other is {@link PresenceConsistencyTest}'s.
 */
class PresenceWindowTest {
    private final HubFixture fx = new HubFixture();
    /** Who watches the room: in it before each test, its own join announced and read. */
    private FakeTransport ann;

    @AfterEach
    void stop() {
        fx.close();
    }

    @BeforeEach
    void annIsInTheLobby() throws Exception {
        ann = fx.joined("lobby", "ann");
        fx.windowPasses(ann);
        assertEquals(List.of("ann"), ann.next("presence").get("joined"), "ann's own join, in a window of its own");
    }

    @Test
    void othersAreToldOfAJoinAndOfALeaveWithTheMemberCount() throws Exception {
        FakeTransport bob = fx.join("lobby", "bob");
        fx.windowPasses(ann);
        Map<String, Object> joined = ann.next("presence");
        assertEquals(List.of("bob"), joined.get("joined"));
        assertEquals(List.of(), joined.get("left"));
        assertEquals(2L, joined.get("memberCount"));

        fx.hub.leave(fx.member(bob));
        fx.windowPasses(ann);
        Map<String, Object> left = ann.next("presence");
        assertEquals(List.of("bob"), left.get("left"));
        assertEquals(List.of(), left.get("joined"));
        assertEquals(1L, left.get("memberCount"));
    }

    @Test
    void joinsInsideOneWindowAreMergedIntoOnePresenceFrame() throws Exception {
        List<String> nicks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nicks.add("u" + i);
            fx.join("lobby", "u" + i);
        }
        fx.windowPasses(ann);
        List<Map<String, Object>> frames = fx.framesSoFar(ann);
        assertEquals(1, frames.size(), "one merged frame: " + frames);
        Map<String, Object> presence = frames.get(0);
        assertEquals("presence", presence.get("type"));
        assertEquals(nicks, presence.get("joined"));
        assertEquals(List.of(), presence.get("left"));
        assertEquals(21L, presence.get("memberCount"));
    }

    @Test
    void someoneWhoJoinsAndLeavesInsideOneWindowIsInNeitherList() throws Exception {
        fx.joined("lobby", "carl");
        FakeTransport eve = fx.joined("lobby", "eve"); // the room has taken her join: she is a member
        fx.hub.leave(fx.member(eve));
        fx.windowPasses(ann);
        List<Map<String, Object>> frames = fx.framesSoFar(ann);
        assertEquals(1, frames.size(), "one frame: " + frames);
        assertEquals(List.of("carl"), list(frames.get(0), "joined"), "eve came and went unseen: " + frames);
        assertEquals(List.of(), list(frames.get(0), "left"), "eve came and went unseen: " + frames);
        assertEquals(2L, frames.get(0).get("memberCount"));
    }

    @Test
    void aReloadInsideTheWindowAnnouncesNothing() throws Exception {
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.windowPasses(ann);
        assertEquals(List.of("bob"), ann.next("presence").get("joined"));

        fx.hub.leave(fx.member(bob));
        FakeTransport bobAgain = fx.join("lobby", "bob");
        assertEquals("bob", bobAgain.next("welcome").get("you"), "the old bob is gone: the nick is free");
        fx.windowPasses(ann);
        assertEquals(List.of(), fx.framesSoFar(ann), "bob left and came back within the window");
    }
}
