package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.identity.Identity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With an identity (a signed token, a container login) a member cannot take another's name:
 * its nick is the identity's display name whatever the handshake asked for, and cannot be
 * changed; two users who give the same name are two members, the second suffixed. A user is one
 * member however many connections (tabs) it has: announced once when the first joins, listed
 * and counted once, announced gone only when the last leaves, and given its seat back by its
 * user id when it returns within the hold.
 */
class IdentifiedMembersTest {
    private static final Identity ANN = new Identity("u-ann", "Ann", null);
    private static final Identity BOB = new Identity("u-bob", "Bob", null);

    private final HubFixture fx = new HubFixture(Settings.defaults().with(Setting.RESUME_HOLD_SECONDS, 60)
            .with(Setting.LEAVE_GRACE_SECONDS, 0)); // drops held at once: the grace is LeaveGraceTest's

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void theNickIsTheIdentitysNameNotTheOneTheHandshakeAskedFor() throws Exception {
        assertEquals("Ann", fx.joinAs("lobby", ANN, "Bob").next("welcome").get("you"));
    }

    @Test
    void anIdentityWithoutAUsableNameIsShownByItsUserId() throws Exception {
        Identity noName = new Identity("carol", "\u202Eevil", null);
        assertEquals("carol", fx.joinAs("lobby", noName, null).next("welcome").get("you"));
    }

    @Test
    void aSecondUserGivingTheSameNameIsSuffixedNotMerged() throws Exception {
        FakeTransport ann = fx.joinAs("lobby", ANN, null);
        ann.next("welcome");
        Identity impostor = new Identity("u-mallory", "ann", null);
        Map<String, Object> welcome = fx.joinAs("lobby", impostor, null).next("welcome");
        assertEquals("ann-2", welcome.get("you"));
        assertEquals(2, ((Number) welcome.get("memberCount")).intValue());
    }

    @Test
    void aNickChangeIsRefusedAndChangesNothing() throws Exception {
        FakeTransport ann = fx.joinAs("lobby", ANN, null);
        ann.next("welcome");
        FakeTransport bob = fx.joinAs("lobby", BOB, null);
        bob.next("welcome");
        fx.send(ann, "{\"type\":\"nick\",\"nick\":\"Bobby\"}");
        Map<String, Object> error = ann.next("error");
        assertEquals("nick_fixed", error.get("code"));
        fx.windowPasses(bob);
        assertTrue(fx.framesSoFar(bob).stream().noneMatch(f -> "nick".equals(f.get("type"))), "no nick frame");
        assertEquals("Ann", fx.post(ann, "still Ann").get("from"));
    }

    @Test
    void aSecondTabIsTheSameMemberListedAndCountedOnceAndNotAnnounced() throws Exception {
        FakeTransport bob = fx.joinAs("lobby", BOB, null);
        bob.next("welcome");
        fx.windowPasses(bob);
        fx.framesSoFar(bob);
        FakeTransport tab1 = fx.joinAs("lobby", ANN, null);
        tab1.next("welcome");
        fx.windowPasses(bob);
        assertEquals(List.of("Ann"), bob.next("presence").get("joined"));

        Map<String, Object> welcome = fx.joinAs("lobby", ANN, "Ann-again").next("welcome");
        assertEquals("Ann", welcome.get("you"));
        assertEquals(List.of("Ann", "Bob"), welcome.get("members"));
        assertEquals(2, ((Number) welcome.get("memberCount")).intValue());
        fx.windowPasses(bob);
        assertTrue(fx.framesSoFar(bob).stream().noneMatch(f -> "presence".equals(f.get("type"))),
                "the second tab is announced to no one");
    }

    @Test
    void bothTabsSeeEveryMessageAndOnlyTheLastTabLeavingIsALeave() throws Exception {
        FakeTransport bob = fx.joinAs("lobby", BOB, null);
        bob.next("welcome");
        FakeTransport tab1 = fx.joinAs("lobby", ANN, null);
        tab1.next("welcome");
        FakeTransport tab2 = fx.joinAs("lobby", ANN, null);
        tab2.next("welcome");
        fx.windowPasses(bob);
        bob.next("presence");

        Map<String, Object> sent = fx.post(tab1, "from tab one");
        assertEquals(sent.get("id"), tab2.next("message").get("id"), "the other tab gets it too");
        assertEquals(sent.get("id"), bob.next("message").get("id"));

        fx.leave(tab1);
        fx.windowPasses(bob);
        assertTrue(fx.framesSoFar(bob).stream().noneMatch(f -> "presence".equals(f.get("type"))),
                "one tab closing is no leave");
        assertEquals("Ann", fx.post(tab2, "tab two").get("from"));

        fx.leave(tab2);
        fx.windowPasses(bob);
        Map<String, Object> presence = bob.next("presence");
        assertEquals(List.of("Ann"), presence.get("left"));
        assertEquals(1, ((Number) presence.get("memberCount")).intValue());
    }

    @Test
    void typingInOneTabIsNotShownInTheOther() throws Exception {
        FakeTransport tab1 = fx.joinAs("lobby", ANN, null);
        tab1.next("welcome");
        FakeTransport tab2 = fx.joinAs("lobby", ANN, null);
        tab2.next("welcome");
        FakeTransport bob = fx.joinAs("lobby", BOB, null);
        bob.next("welcome");
        fx.send(tab1, "{\"type\":\"typing\"}");
        assertEquals("Ann", bob.next("typing").get("nick"));
        assertTrue(fx.framesSoFar(tab2).stream().noneMatch(f -> "typing".equals(f.get("type"))));
    }

    @Test
    void aUserBackWithinTheHoldGetsItsNameBackWithoutASecret() throws Exception {
        FakeTransport ann = fx.joinAs("lobby", ANN, null);
        ann.next("welcome");
        fx.lose(ann);
        Identity other = new Identity("u-other", "Ann", null);
        FakeTransport impostor = fx.joinAs("lobby", other, null);
        assertEquals("Ann-2", impostor.next("welcome").get("you"), "the held name is not given away");
        Map<String, Object> back = fx.joinAs("lobby", ANN, null).next("welcome");
        assertEquals("Ann", back.get("you"));
        assertEquals(2, ((Number) back.get("memberCount")).intValue());
    }

    @Test
    void aResumeSecretDoesNotOpenAnotherUsersSeat() throws Exception {
        FakeTransport ann = fx.joinAs("lobby", ANN, null);
        String secret = (String) ann.next("welcome").get("resume");
        fx.lose(ann);
        Map<String, Object> welcome = fx.joinAs("lobby", BOB, null, secret).next("welcome");
        assertEquals("Bob", welcome.get("you"));
        assertNotEquals(Boolean.TRUE, welcome.get("resumed"));
        assertEquals(Set.of("Bob"), Set.copyOf((List<?>) welcome.get("members")), "Ann's seat is held, not taken");
    }
}
