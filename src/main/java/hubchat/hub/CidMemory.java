package hubchat.hub;

import hubchat.protocol.ChatMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages a room stored lately, by sender and client id ({@code cid}): a client that could
 * not tell whether its message arrived before its connection dropped sends it again with the
 * same cid, and gets the stored message back instead of a second copy. Room thread only.
 */
final class CidMemory {
    /** (nick, cid) pairs remembered per room; the oldest is forgotten first. */
    private static final int REMEMBERED_CIDS = 256;

    private final Map<String, ChatMessage> byKey = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChatMessage> eldest) {
            return size() > REMEMBERED_CIDS;
        }
    };

    /** The message {@code nick} stored with {@code cid} lately, or null. */
    ChatMessage find(String nick, String cid) {
        return cid == null ? null : byKey.get(key(nick, cid));
    }

    void remember(String nick, String cid, ChatMessage message) {
        if (cid != null) {
            byKey.put(key(nick, cid), message);
        }
    }

    private static String key(String nick, String cid) {
        return nick + '\n' + cid; // a nick has no control characters, so no two pairs share a key
    }
}
