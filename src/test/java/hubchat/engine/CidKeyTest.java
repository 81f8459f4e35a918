package hubchat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CidKey}, the key every engine's cid memory files a message under: no two (sender, cid)
 * pairs share one, a user id never shares one with a nick, and an anonymous sender's key is the
 * one Redis has always kept, so a re-send across an upgrade is still known.
 */
class CidKeyTest {

    @Test
    void noTwoSendersAndCidsShareAKeyAndAUserIdIsNeverANick() {
        List<String> names = List.of("a", "ab", "abc", "3:ab", "#1:a", "1:a", "a\nb", "");
        List<String> cids = List.of("", "c", "bc", "b\nc", ":c", "1:ac");
        List<String> keys = new ArrayList<>();
        for (String name : names) {
            for (String cid : cids) {
                keys.add(CidKey.of(name, null, cid)); // a nick
                keys.add(CidKey.of("any nick", name, cid)); // a user id
            }
        }
        assertEquals(keys.size(), new HashSet<>(keys).size(), "every pair its own key: " + keys);
    }

    @Test
    void aUsersKeyIsItsUserIdsWhateverItsNick() {
        assertEquals(CidKey.of("ann", "u-1", "c1"), CidKey.of("Ann (phone)", "u-1", "c1"));
    }

    @Test
    void anAnonymousSendersKeyIsTheLengthTheNickAndTheCidAsRedisKeptThemAndNoCidIsNoKey() {
        assertEquals("3:annc1", CidKey.of("ann", null, "c1"));
        assertNull(CidKey.of("ann", null, null));
        assertNull(CidKey.of("ann", "u-1", null));
    }
}
