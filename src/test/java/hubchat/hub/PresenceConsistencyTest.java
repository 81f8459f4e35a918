package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.config.Setting;
import hubchat.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence never contradicts itself: an observer that applies every frame in order, as the chat
 * page does (welcome members, then presence joins and leaves and nick changes as set updates),
 * always ends with the room's true member list, however joins, leaves and renames interleave
 * inside one presence window.
 */
class PresenceConsistencyTest {
    /** Joins, leaves and renames between two {@code windowPasses} fall into one window: the clock only moves by hand. */
    private final HubFixture fx = new HubFixture(Settings.defaults()
            .with(Setting.PRESENCE_WINDOW_MS, 50).with(Setting.RESUME_HOLD_SECONDS, 0));

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aRenameIntoANickThatJustLeftIsNotUndoneByTheLeavesPresenceFrame() throws Exception {
        FakeTransport carl = fx.join("lobby", "carl");
        Set<String> view = view(carl.next("welcome"));
        FakeTransport alice = fx.join("lobby", "alice");
        FakeTransport x = fx.join("lobby", "x");
        alice.next("welcome");
        x.next("welcome");
        fx.windowPasses(carl);
        apply(view, fx.framesSoFar(carl));
        assertEquals(Set.of("alice", "carl", "x"), view);

        fx.hub.leave(fx.member(alice)); // alice says goodbye: her nick is free at once
        fx.hub.receive(fx.member(x), "{\"type\":\"nick\",\"nick\":\"alice\"}"); // within the same window
        fx.windowPasses(carl);
        List<Map<String, Object>> frames = fx.framesSoFar(carl);
        assertEquals("alice", x.next("nick").get("to"), "the nick was free");
        apply(view, frames);
        assertEquals(Set.of("alice", "carl"), view, "carl's view after " + frames);
        assertEquals(List.of("presence", "nick"), frames.stream().map(f -> f.get("type")).toList(),
                "the pending leave went out before the nick frame");
    }

    @Test
    void aRenameRightAfterAJoinShowsTheNewNickOnly() throws Exception {
        FakeTransport carl = fx.join("lobby", "carl");
        Set<String> view = view(carl.next("welcome"));
        fx.windowPasses(carl);
        apply(view, fx.framesSoFar(carl));
        FakeTransport x = fx.join("lobby", "x");
        fx.hub.receive(fx.member(x), "{\"type\":\"nick\",\"nick\":\"xavier\"}");
        fx.windowPasses(carl);
        apply(view, fx.framesSoFar(carl));
        assertEquals(Set.of("carl", "xavier"), view);
    }

    @Test
    void aLeaveAndAComebackUnderTheSameNickAroundARenameEndWithTheTrueList() throws Exception {
        FakeTransport carl = fx.join("lobby", "carl");
        Set<String> view = view(carl.next("welcome"));
        FakeTransport bob = fx.join("lobby", "bob");
        FakeTransport dan = fx.join("lobby", "dan");
        bob.next("welcome");
        dan.next("welcome");
        fx.windowPasses(carl);
        apply(view, fx.framesSoFar(carl));

        fx.hub.leave(fx.member(bob));
        fx.hub.receive(fx.member(dan), "{\"type\":\"nick\",\"nick\":\"bob\"}"); // dan becomes bob
        FakeTransport bobAgain = fx.join("lobby", "bob"); // the old bob comes back: bob-2
        assertEquals("bob-2", bobAgain.next("welcome").get("you"));
        fx.hub.receive(fx.member(bobAgain), "{\"type\":\"nick\",\"nick\":\"dan\"}"); // and takes dan's old nick
        fx.windowPasses(carl);
        apply(view, fx.framesSoFar(carl));
        assertEquals(Set.of("bob", "carl", "dan"), view);
    }

    /**
     * The protocol's advice: "Apply the lists as set updates: a frame may name people you
     * already know from your welcome, including yourself". Done that way, every member ends up
     * with the true list, and the member count of the last frame matches it.
     */
    @Test
    void everyMemberWhoAppliesPresenceToItsWelcomeAsSetUpdatesHasTheTrueList() throws Exception {
        List<FakeTransport> members = new ArrayList<>();
        List<Set<String>> views = new ArrayList<>();
        for (String nick : List.of("ann", "bob", "carl")) {
            FakeTransport t = fx.join("lobby", nick);
            members.add(t);
            views.add(view(t.next("welcome")));
        }
        fx.windowPasses(members.get(0));
        for (int i = 0; i < members.size(); i++) {
            assertTrueList(Set.of("ann", "bob", "carl"), views.get(i), fx.framesSoFar(members.get(i)));
        }

        fx.hub.leave(fx.member(members.remove(2)));
        views.remove(2);
        fx.windowPasses(members.get(0));
        for (int i = 0; i < members.size(); i++) {
            assertTrueList(Set.of("ann", "bob"), views.get(i), fx.framesSoFar(members.get(i)));
        }
    }

    /** {@code frames} applied to {@code view} give {@code expected}; the last presence frame counts as many. */
    private static void assertTrueList(Set<String> expected, Set<String> view, List<Map<String, Object>> frames) {
        apply(view, frames);
        assertEquals(expected, view, "after " + frames);
        List<Map<String, Object>> presence = frames.stream().filter(f -> "presence".equals(f.get("type"))).toList();
        assertEquals((long) expected.size(), presence.get(presence.size() - 1).get("memberCount"), "after " + frames);
    }

    private static Set<String> view(Map<String, Object> welcome) {
        Set<String> view = new TreeSet<>();
        for (Object name : list(welcome, "members")) {
            view.add((String) name);
        }
        return view;
    }

    /** What the chat page does with each frame (state.js: applyPresence, applyNick). */
    private static void apply(Set<String> view, List<Map<String, Object>> frames) {
        for (Map<String, Object> f : new ArrayList<>(frames)) {
            if ("presence".equals(f.get("type"))) {
                list(f, "left").forEach(view::remove);
                list(f, "joined").forEach(n -> view.add((String) n));
            } else if ("nick".equals(f.get("type")) && view.remove(f.get("from"))) {
                view.add((String) f.get("to"));
            }
        }
    }
}
