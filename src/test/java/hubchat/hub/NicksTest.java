package hubchat.hub;

import static hubchat.testing.JsonFrames.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hub's nick rules, with no container: the nick a join asks for, or a suffixed one when it
 * is taken (case-insensitively, per room, within 32 characters), a guest name for none or a bad
 * one, and nick changes. Which strings are nicks at all is {@code NamesTest}'s.
 */
class NicksTest {
    private final HubFixture fx = new HubFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aTakenNickGetsASuffixCaseInsensitively() throws Exception {
        fx.join("lobby", "ann").next("welcome");
        assertEquals("ANN-2", fx.join("lobby", "ANN").next("welcome").get("you"));
        FakeTransport third = fx.join("lobby", "ann");
        assertEquals("ann-3", third.next("welcome").get("you"));
        assertEquals("ann-3", fx.post(third, "hi").get("from"), "messages carry the name actually used");
        assertEquals("ann", fx.join("other", "ann").next("welcome").get("you"), "nicks are per room");
    }

    @Test
    void aSuffixOnALongNickStaysWithin32Characters() throws Exception {
        String longNick = "x".repeat(32);
        assertEquals(longNick, fx.join("lobby", longNick).next("welcome").get("you"), "32 characters is allowed");
        String suffixed = (String) fx.join("lobby", longNick).next("welcome").get("you");
        assertEquals("x".repeat(30) + "-2", suffixed, "suffix keeps the 32-character limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a\u0000b", "nul\u0000", "bell\u0007", "tab\there", "evil\u202Eright", "\u202Eevil",
            "zero\u200Bwidth", "123456789012345678901234567890123"})
    void aBadHandshakeNickGivesAGuestNameAndABadNickErrorRightAfterTheWelcome(String bad) throws Exception {
        FakeTransport t = fx.join("lobby", bad);
        Map<String, Object> welcome = t.next();
        assertEquals("welcome", welcome.get("type"));
        String guest = (String) welcome.get("you");
        assertTrue(guest.matches("guest-\\d{4}"), "a guest name: " + welcome);
        Map<String, Object> error = t.next();
        assertEquals("error", error.get("type"), "the bad_nick error right after the welcome: " + error);
        assertEquals("bad_nick", error.get("code"));
        assertEquals(guest, fx.post(t, "still here").get("from"), "the connection works, under the guest name");
    }

    @Test
    void noNickGivesAGuestNameWithoutAnError() throws Exception {
        FakeTransport t = fx.join("lobby", null);
        String guest = (String) t.next("welcome").get("you");
        assertTrue(guest.matches("guest-\\d{4}"), "a guest name: " + guest);
        assertEquals(List.of(), fx.framesSoFar(t), "no error for a missing nick");
        assertEquals(guest, fx.post(t, "first").get("from"));
    }

    @Test
    void aNickChangeIsAnnouncedToEveryoneIncludingTheChangerAndFreesTheOldNick() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.send(ann, "{\"type\":\"nick\",\"nick\":\"  annie  \"}");
        for (FakeTransport t : List.of(ann, bob)) {
            assertEquals(Map.of("type", "nick", "from", "ann", "to", "annie"), t.next("nick"));
        }
        assertEquals("annie", fx.post(ann, "renamed").get("from"));
        assertEquals("ann", fx.join("lobby", "ann").next("welcome").get("you"), "the old nick is free again");
    }

    @Test
    void aNickChangeToATakenNickGetsASuffixCaseInsensitively() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.send(bob, "{\"type\":\"nick\",\"nick\":\"ann\"}");
        Map<String, Object> change = ann.next("nick");
        assertEquals("bob", change.get("from"));
        assertEquals("ann-2", change.get("to"));
        assertEquals(change, bob.next("nick"));

        assertEquals("ann-2", fx.post(bob, "renamed").get("from"));

        fx.send(ann, "{\"type\":\"nick\",\"nick\":\"ANN-2\"}");
        assertEquals(Map.of("type", "nick", "from", "ann", "to", "ANN-2-2"), bob.next("nick"),
                "a nick taken in another case");
    }

    @Test
    void aNickChangeToOnesOwnNickIsSilentAndACaseChangeIsNoClash() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.send(ann, "{\"type\":\"nick\",\"nick\":\"ann\"}");
        assertEquals(List.of(), fx.framesSoFar(ann), "no nick frame for a change to the same nick");
        assertEquals(List.of(), fx.framesSoFar(bob), "no nick frame for a change to the same nick");

        fx.send(ann, "{\"type\":\"nick\",\"nick\":\"Ann\"}");
        assertEquals(Map.of("type", "nick", "from", "ann", "to", "Ann"), bob.next("nick"),
                "one's own nick in another case is not taken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "bell\u0007", "\u202Eevil", "zero\u200Bwidth", "line\u2028sep", "tab\tin",
            "123456789012345678901234567890123"})
    void anInvalidNickInANickFrameIsRefusedWithBadNickAndTheOldNickStays(String bad) throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.send(ann, "{\"type\":\"nick\",\"nick\":" + quote(bad) + "}");
        Map<String, Object> e = ann.next();
        assertEquals("error", e.get("type"), "an error frame: " + e);
        assertEquals("bad_nick", e.get("code"), "error: " + e);
        assertInstanceOf(String.class, e.get("message"));
        assertEquals("ann", fx.post(ann, "still ann").get("from"), "the old nick stays");
    }
}
