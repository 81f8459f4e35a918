package hubchat.archive;

/**
 * One message of a chat on Redis as its archive keeps it: its id (the Redis id clients know,
 * {@code EPOCH-SEQ}, which never names another message of its room), its place in the room's
 * order ({@code posMs}, {@code posSeq}: the id of its entry in the room's archive stream, given in
 * the same atomic step that stored it, so they grow with the room's order, also across Redis
 * restarts as long as Redis' clock does not go back), when Redis stored it (epoch milliseconds,
 * Redis' clock), the sender's nick and user id (null for an anonymous sender), the origin
 * (opaque) and cid (may be null) and the text.
 */
public record ArchivedMessage(String id, long posMs, long posSeq, long sentAt, String sender, String senderId,
        String origin, String cid, String text) {

    /** Whether this message comes before the one at ({@code ms}, {@code seq}) in its room's order. */
    public boolean isBefore(long ms, long seq) {
        return posMs < ms || (posMs == ms && posSeq < seq);
    }
}
