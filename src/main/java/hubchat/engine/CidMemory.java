package hubchat.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages one room stored lately, by sender and client id ({@code cid}, filed as
 * {@link CidKey} says: by user id for a sender with an identity, else by nick): a client that
 * could not tell whether its message arrived before its connection dropped sends it again with
 * the same cid (from any connection, to any node), and gets the stored message back instead of a
 * second copy. Kept by the engine, beside the messages, so that every node sees the same memory.
 */
final class CidMemory {
    private final Map<String, Stored> byKey = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > Engine.REMEMBERED_CIDS; // the oldest is forgotten first
        }
    };

    /** The message {@code sender} (user id {@code senderId}, null if anonymous) stored with {@code cid} lately, or null. */
    Stored find(String sender, String senderId, String cid) {
        return cid == null ? null : byKey.get(CidKey.of(sender, senderId, cid));
    }

    void remember(Stored stored) {
        if (stored.cid() != null) {
            byKey.put(CidKey.of(stored.message().from(), stored.message().fromId(), stored.cid()), stored);
        }
    }
}
