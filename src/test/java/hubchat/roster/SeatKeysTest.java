package hubchat.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seat keys as the roster reads them: a user's seats on every node carry the same tag, two users'
 * tags differ, a client without an identity has none, and no user id, whatever characters it
 * holds, puts one of the roster's separators (tab, the dot ending the tag) into a key.
 */
class SeatKeysTest {

    @Test
    void theSeatsOfOneUserCarryOneTagAndDifferFromEachOther() {
        String one = SeatKeys.ofUser("u-ann");
        String two = SeatKeys.ofUser("u-ann");
        assertNotEquals(one, two, "each node's seat of a user is a seat of its own");
        assertEquals(SeatKeys.userTag("u-ann"), SeatKeys.userTagOf(one));
        assertEquals(SeatKeys.userTagOf(one), SeatKeys.userTagOf(two));
        assertNotEquals(SeatKeys.userTag("u-ann"), SeatKeys.userTag("u-Ann"), "user ids are compared exactly");
    }

    @Test
    void aSeatWithoutAnIdentityHasNoUserTag() {
        assertNull(SeatKeys.userTagOf(SeatKeys.anonymous()));
        assertNull(SeatKeys.userTagOf(""));
        assertNull(SeatKeys.userTagOf("@"));
        assertNull(SeatKeys.userTagOf("@."));
    }

    @Test
    void noUserIdPutsASeparatorIntoItsKey() {
        for (String id : List.of("a\tb", "a.b", "@x.y", "line\nbreak", "\u0000", "\uD83D\uDE00 emoji", "x".repeat(256))) {
            String key = SeatKeys.ofUser(id);
            String tag = SeatKeys.userTagOf(key);
            assertTrue(tag.matches("@[A-Za-z0-9_-]{22}"), id + " gave " + tag);
            assertTrue(key.substring(tag.length() + 1).matches("[0-9a-z]+"), key);
        }
    }
}
