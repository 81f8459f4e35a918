package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.protocol.Disconnect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seats and resume secrets: a client that reconnects with the secret of its last welcome takes
 * its own seat back (its nick, and the place of a connection the hub may still think is open),
 * before or after the hub noticed that connection die; and what every other secret does.
 */
class ResumeTest {
    /** The fixture's hold, short so that the clock can pass it; the fixture's clock only moves by hand. */
    private static final int HOLD_SECONDS = 60;

    private final HubFixture fx = new HubFixture(Settings.defaults()
            .with(Setting.PRESENCE_WINDOW_MS, 50).with(Setting.RESUME_HOLD_SECONDS, HOLD_SECONDS)
            .with(Setting.LEAVE_GRACE_SECONDS, 0)); // drops held at once: the grace is LeaveGraceTest's

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aResumeTakesOverItsStillOpenSeatClosesTheOldConnectionAndAnnouncesNothing() throws Exception {
        FakeTransport bob = fx.join("lobby", "bob");
        bob.next("welcome");
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = secretOf(ann.next("welcome"));
        fx.windowPasses(bob);
        assertTrue(list(bob.next("presence"), "joined").contains("ann"));

        // ann's network died silently: the hub still holds her connection open when she comes back
        FakeTransport back = fx.resume("lobby", "someone-else", null, secret);
        Map<String, Object> welcome = back.next("welcome");
        assertEquals("ann", welcome.get("you"), "the seat's nick, not ann-2 and not the nick asked for");
        assertEquals(List.of("ann", "bob"), list(welcome, "members"), "you first; the old connection is no member any more");
        assertEquals(2L, welcome.get("memberCount"));

        assertEquals(Disconnect.REPLACED.code(), ann.awaitClose(), "the replaced connection is closed");
        assertEquals(Disconnect.REPLACED.reason(), ann.closeReason, "the token alone: clients compare it whole");
        fx.hub.leave(fx.member(ann)); // the container reports that close
        fx.hub.receive(fx.member(ann), "{\"type\":\"message\",\"text\":\"from the old socket\"}");
        assertEquals(2, fx.hub.connectionCount(), "bob and the new ann");

        fx.say(back, "back again");
        assertEquals("back again", back.next("message").get("text"));
        fx.windowPasses(bob);
        List<Map<String, Object>> atBob = fx.framesSoFar(bob);
        assertEquals(List.of("message"), types(atBob), "no presence, nothing from the old socket: " + atBob);
        assertEquals("ann", atBob.get(0).get("from"));
    }

    @Test
    void aResumeAfterTheDropWasNoticedGetsTheHeldNickBackAndIsAnnouncedAsAJoin() throws Exception {
        FakeTransport bob = fx.join("lobby", "bob");
        bob.next("welcome");
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = secretOf(ann.next("welcome"));
        fx.windowPasses(bob);
        bob.next("presence");

        fx.lose(ann);
        fx.windowPasses(bob);
        Map<String, Object> left = bob.next("presence");
        assertEquals(List.of("ann"), list(left, "left"), "others see the dropped connection leave");
        assertEquals(1L, left.get("memberCount"), "a held seat is no member");

        // the held nick is not handed out, neither to a newcomer nor by a rename
        FakeTransport newcomer = fx.join("lobby", "ANN");
        assertEquals("ANN-2", newcomer.next("welcome").get("you"));
        fx.hub.receive(fx.member(bob), "{\"type\":\"nick\",\"nick\":\"ann\"}");
        assertEquals("ann-3", bob.next("nick").get("to"));

        FakeTransport back = fx.resume("lobby", "ann", null, secret);
        Map<String, Object> welcome = back.next("welcome");
        assertEquals("ann", welcome.get("you"));
        assertEquals(3L, welcome.get("memberCount"));
        fx.windowPasses(bob);
        Map<String, Object> joined = bob.next("presence");
        assertEquals(List.of("ann"), list(joined, "joined"), "her return is a join, as her leave was announced");
        assertEquals(3L, joined.get("memberCount"));
    }

    @ParameterizedTest(name = "death noticed first: {0}")
    @ValueSource(booleans = {false, true})
    void aMessageResentAfterAResumeIsStoredOnceAndAcknowledgedAgain(boolean noticed) throws Exception {
        FakeTransport bob = fx.join("lobby", "bob");
        bob.next("welcome");
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = secretOf(ann.next("welcome"));
        fx.say(bob, "before");
        String lastSeen = (String) ann.next("message").get("id");
        bob.next("message");

        String frame = "{\"type\":\"message\",\"text\":\"did it arrive?\",\"cid\":\"c-7\"}";
        fx.hub.receive(fx.member(ann), frame); // stored; the acknowledgement is lost with the network
        String id = (String) bob.next("message").get("id");
        if (noticed) {
            fx.lose(ann);
        }

        FakeTransport back = fx.resume("lobby", "ann", lastSeen, secret);
        Map<String, Object> welcome = back.next("welcome");
        assertEquals("ann", welcome.get("you"));
        assertEquals(true, welcome.get("resumed"));
        assertEquals(List.of(id), list(welcome, "history").stream().map(m -> ((Map<?, ?>) m).get("id")).toList(),
                "exactly the missed message");
        fx.hub.receive(fx.member(back), frame); // the page re-sends what was not acknowledged
        Map<String, Object> ack = back.next("message");
        assertEquals(id, ack.get("id"), "the original message is the acknowledgement");
        assertEquals("c-7", ack.get("cid"));

        fx.windowPasses(bob);
        assertEquals(List.of(), types(fx.framesSoFar(bob)).stream().filter("message"::equals).toList(),
                "bob gets no second copy");
        Map<String, Object> fresh = fx.join("lobby", "carl").next("welcome");
        assertEquals(List.of("before", "did it arrive?"),
                list(fresh, "history").stream().map(m -> ((Map<?, ?>) m).get("text")).toList(), "stored once");
    }

    @Test
    void eachWelcomeHandsOutAFreshSecretAndAUsedOneStopsWorking() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        String first = secretOf(ann.next("welcome"));
        assertTrue(first.matches("[A-Za-z0-9_-]{22}"), "128 random bits, base64url: " + first);

        FakeTransport second = fx.resume("lobby", "ann", null, first);
        String renewed = secretOf(second.next("welcome"));
        assertNotEquals(first, renewed);
        ann.awaitClose();

        FakeTransport replay = fx.resume("lobby", "ann", null, first);
        Map<String, Object> welcome = replay.next("welcome");
        assertEquals("ann-2", welcome.get("you"), "a used secret is an ordinary join");
        assertEquals(false, welcome.get("resumed"));
        assertEquals(1, second.closed.getCount(), "and it replaces no one");

        FakeTransport third = fx.resume("lobby", "ann", null, renewed);
        assertEquals("ann", third.next("welcome").get("you"));
        assertEquals(Disconnect.REPLACED.code(), second.awaitClose());

        Set<String> secrets = new HashSet<>(List.of(first, renewed, secretOf(welcome)));
        for (int i = 0; i < 20; i++) {
            secrets.add(secretOf(fx.join("lobby", "p" + i).next("welcome")));
        }
        assertEquals(23, secrets.size(), "no two welcomes share a secret");
    }

    @Test
    void anUnknownOrOtherRoomsSecretIsAnOrdinaryJoinWithNoError() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        String annSecret = secretOf(ann.next("welcome"));
        FakeTransport dan = fx.join("elsewhere", "dan");
        String danSecret = secretOf(dan.next("welcome"));

        List<String> bad = List.of("nonsense", "", "x".repeat(5000), annSecret.toLowerCase(), danSecret);
        List<String> nicks = new ArrayList<>();
        for (String secret : bad) {
            FakeTransport t = fx.resume("lobby", "dan", null, secret);
            Map<String, Object> welcome = t.next("welcome");
            nicks.add((String) welcome.get("you"));
            fx.windowPasses(t);
            assertEquals(List.of(), fx.framesSoFar(t).stream().filter(f -> "error".equals(f.get("type")))
                    .toList(), "no error for a secret that opens nothing");
        }
        assertEquals(List.of("dan", "dan-2", "dan-3", "dan-4", "dan-5"), nicks, "ordinary joins with the nick asked for");
        assertEquals(1, ann.closed.getCount(), "ann's seat is untouched");
        assertEquals(1, dan.closed.getCount(), "a secret of another room takes nothing there");

        assertEquals("ann", fx.resume("lobby", "x", null, annSecret).next("welcome").get("you"), "ann's still works");
    }

    @Test
    void aHeldSeatIsReleasedWhenItsHoldEnds() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = secretOf(ann.next("welcome"));
        fx.lose(ann);
        fx.settle(fx.member(ann).room());

        fx.time.advance(HOLD_SECONDS * 1000L - 1);
        assertEquals("ann-2", fx.join("lobby", "ann").next("welcome").get("you"), "still held");
        fx.time.advance(1);
        assertEquals("ann", fx.join("lobby", "ann").next("welcome").get("you"), "the hold has ended: the nick is free");
        Map<String, Object> late = fx.resume("lobby", "ann", null, secret).next("welcome");
        assertEquals("ann-3", late.get("you"), "an expired secret is an ordinary join");
    }

    @Test
    void aGoodbyeFreesTheNickAtOnceAndEndsTheSecret() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = secretOf(ann.next("welcome"));
        fx.hub.leave(fx.member(ann)); // the client sent a close frame
        fx.settle(fx.member(ann).room());
        assertEquals("ann", fx.join("lobby", "ann").next("welcome").get("you"));
        assertEquals("ann-2", fx.resume("lobby", "ann", null, secret).next("welcome").get("you"));
    }

    @Test
    void aConnectionTheServerClosedKeepsItsSeatHeld() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = secretOf(ann.next("welcome"));
        fx.time.advance(2 * fx.settings.pingMillis()); // the liveness sweeps run on the way
        assertEquals(Disconnect.PING_TIMEOUT.code(), ann.awaitClose());
        fx.hub.leave(fx.member(ann)); // the container reports the close the hub started
        fx.settle(fx.member(ann).room());

        assertEquals("ann-2", fx.join("lobby", "ann").next("welcome").get("you"), "held: the client did not choose to go");
        assertEquals("ann", fx.resume("lobby", "ann", null, secret).next("welcome").get("you"));
    }

    @Test
    void aResumeGetsTheNickItsSeatHadLast() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = secretOf(ann.next("welcome"));
        fx.hub.receive(fx.member(ann), "{\"type\":\"nick\",\"nick\":\"annie\"}");
        assertEquals("annie", ann.next("nick").get("to"));
        fx.lose(ann);
        assertEquals("annie", fx.resume("lobby", "ann", null, secret).next("welcome").get("you"));
    }

    @Test
    void heldSeatsPerRoomAreBoundedTheLongestHeldIsReleasedFirst() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i <= Seats.MAX_HELD; i++) {
            FakeTransport p = fx.join("crowd", "p" + i);
            secrets.add(secretOf(p.next("welcome")));
            fx.lose(p);
        }
        FakeTransport last = fx.join("crowd", "p0");
        assertEquals("p0", last.next("welcome").get("you"), "the first seat held was released for the " + (Seats.MAX_HELD + 1) + "th");
        assertEquals("p1-2", fx.join("crowd", "p1").next("welcome").get("you"), "the second is still held");
        assertEquals("p1", fx.resume("crowd", "x", null, secrets.get(1)).next("welcome").get("you"));
        assertEquals("x", fx.resume("crowd", "x", null, secrets.get(0)).next("welcome").get("you"));
    }

    @Test
    void withoutAHoldADroppedSeatIsReleasedButAnOpenOneCanStillBeTakenOver() throws Exception {
        try (HubFixture noHold = new HubFixture(Settings.defaults().with(Setting.RESUME_HOLD_SECONDS, 0).with(Setting.LEAVE_GRACE_SECONDS, 0))) {
            FakeTransport ann = noHold.join("lobby", "ann");
            String secret = secretOf(ann.next("welcome"));
            FakeTransport back = noHold.resume("lobby", "ann", null, secret);
            Map<String, Object> welcome = back.next("welcome");
            assertEquals("ann", welcome.get("you"));
            assertEquals(Disconnect.REPLACED.code(), ann.awaitClose());

            noHold.lose(back);
            noHold.settle(noHold.member(back).room());
            assertEquals("ann", noHold.join("lobby", "ann").next("welcome").get("you"), "not held");
            assertEquals("ann-2", noHold.resume("lobby", "ann", null, secretOf(welcome)).next("welcome").get("you"));
        }
    }

    private static String secretOf(Map<String, Object> welcome) {
        assertEquals("welcome", welcome.get("type"));
        Object secret = welcome.get("resume");
        assertTrue(secret instanceof String s && !s.isEmpty(), "welcome.resume: " + welcome);
        return (String) secret;
    }

    private static List<Object> types(List<Map<String, Object>> frames) {
        return frames.stream().map(f -> f.get("type")).collect(Collectors.toList());
    }
}
