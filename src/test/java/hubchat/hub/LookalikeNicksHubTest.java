package hubchat.hub;

import static hubchat.testing.JsonFrames.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With {@code bob} in the room, no one can sit beside him under a nick that only looks like
 * his: a lookalike that folds to his nick gets the taken-nick suffix, one that hides an
 * invisible character or mixes scripts is refused with {@code bad_nick}. At the handshake and in
 * a nick change alike. Which strings are which is {@code hubchat.protocol.LookalikeNicksTest}'s;
 * here, that the hub's seats keep to it. Strings are written with escapes.
 */
class LookalikeNicksHubTest {
    private final HubFixture fx = new HubFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "full width|\uFF42\uFF4F\uFF42|\uFF42\uFF4F\uFF42-2",
        "full width upper case|\uFF22\uFF2F\uFF22|\uFF22\uFF2F\uFF22-2",
        "upper case|BOB|BOB-2",
        "a combining mark|bo\u0301b|b\u00F3b-2",
        "a combining mark at the end|bob\u0308|bob\u0308-2",
        "no-break space at the end|bob\u00A0|bob-2",
        "ideographic space in front|\u3000bob|bob-2",
        "mathematical bold|\uD835\uDC1B\uD835\uDC28\uD835\uDC1B|\uD835\uDC1B\uD835\uDC28\uD835\uDC1B-2",
    })
    void aLookalikeThatFoldsToBobGetsTheTakenNickSuffix(String what, String nick, String given) throws Exception {
        FakeTransport bob = fx.joined("lobby", "bob");
        assertEquals(given, fx.join("lobby", nick).next("welcome").get("you"), what);
        assertEquals("bob", fx.post(bob, "still here").get("from"), "bob keeps his nick");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "zero-width space|b\u200Bob",
        "Cyrillic o|b\u043Eb",
        "Cyrillic letters and a Latin b|\u0431\u043Eb",
        "braille blank|bob\u2800",
        "Hangul filler|bob\u3164",
        "right-to-left override|\u202Ebob",
        "zero-width joiner|bo\u200Db",
        "variation selector|bob\uFE0F",
    })
    void aLookalikeThatHidesOrMixesIsRefusedAtTheHandshake(String what, String nick) throws Exception {
        fx.joined("lobby", "bob");
        FakeTransport t = fx.join("lobby", nick);
        Map<String, Object> welcome = t.next();
        assertTrue(((String) welcome.get("you")).matches("guest-\\d{4}"), what + ": a guest name: " + welcome);
        Map<String, Object> error = t.next();
        assertEquals("bad_nick", error.get("code"), what + ": " + error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "full width|\uFF42\uFF4F\uFF42|\uFF42\uFF4F\uFF42-2",
        "a combining mark|bo\u0301b|b\u00F3b-2",
        "zero-width space|b\u200Bob|",
        "Cyrillic o|b\u043Eb|",
        "braille blank|bob\u2800|",
    })
    void aNickChangeToALookalikeOfBobIsSuffixedOrRefused(String what, String nick, String given) throws Exception {
        FakeTransport bob = fx.joined("lobby", "bob");
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.send(ann, "{\"type\":\"nick\",\"nick\":" + quote(nick) + "}");
        if (given != null) {
            Map<String, Object> change = ann.next("nick");
            assertEquals(Map.of("type", "nick", "from", "ann", "to", given), change, what);
            assertEquals(change, bob.next("nick"));
        } else {
            Map<String, Object> error = ann.next("error");
            assertEquals("bad_nick", error.get("code"), what + ": " + error);
            assertEquals("ann", fx.post(ann, "still ann").get("from"), "the old nick stays");
            assertTrue(fx.framesSoFar(bob).stream().noneMatch(f -> "nick".equals(f.get("type"))), "bob is told of no change");
        }
    }

    @Test
    void aLookalikeOfAHeldSeatWaitsLikeTheNickItself() throws Exception {
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.lose(bob);
        assertEquals("\uFF22\uFF2F\uFF22-2", fx.join("lobby", "\uFF22\uFF2F\uFF22").next("welcome").get("you"),
                "bob's seat is held for him: its lookalike is taken too");
    }
}
