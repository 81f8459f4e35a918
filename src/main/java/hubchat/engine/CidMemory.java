package hubchat.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages one room stored lately, by sender and client id ({@code cid}): a client that
 * could not tell whether its message arrived before its connection dropped sends it again with
 * the same cid (to any node), and gets the stored message back instead of a second copy. Kept
 * by the engine, beside the messages, so that every node sees the same memory.
 */
final class CidMemory {
    private final Map<String, Stored> byKey = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > Engine.REMEMBERED_CIDS; // the oldest is forgotten first
        }
    };

    /** The message {@code sender} stored with {@code cid} lately, or null. */
    Stored find(String sender, String cid) {
        return cid == null ? null : byKey.get(key(sender, cid));
    }

    void remember(Stored stored) {
        if (stored.cid() != null) {
            byKey.put(key(stored.message().from(), stored.cid()), stored);
        }
    }

    private static String key(String sender, String cid) {
        return sender + '\n' + cid; // a nick has no control characters, so no two pairs share a key
    }
}
