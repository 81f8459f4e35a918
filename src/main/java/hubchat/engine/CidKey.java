package hubchat.engine;

/**
 * The one rule for what a room's cid memory files a message under, in every engine: who sent
 * it and the cid it came with. A sender with an identity is known by its user id, so a re-send
 * from any of its connections (another tab, another node) is recognised, and two users never
 * share a cid; an anonymous sender by its nick (a seat keeps its nick across a resume). The two
 * kinds never share a key: the user id {@code ann} is not the nick {@code ann}.
 */
public final class CidKey {
    /** Starts every key of a sender with an identity; a nick's key starts with a digit. */
    private static final String USER = "#";

    private CidKey() {
    }

    /**
     * The key of {@code cid} from {@code sender} (its nick) with user id {@code senderId} (null:
     * anonymous); null when {@code cid} is null: such a message is not remembered. The name's
     * length comes first, so no two (name, cid) pairs share a key, whatever characters they
     * hold; an anonymous key is {@code LENGTH:NICKCID}, as Redis has always kept them.
     */
    public static String of(String sender, String senderId, String cid) {
        if (cid == null) {
            return null;
        }
        return senderId != null
                ? USER + senderId.length() + ':' + senderId + cid
                : sender.length() + ":" + sender + cid;
    }
}
