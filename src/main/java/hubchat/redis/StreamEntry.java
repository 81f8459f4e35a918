package hubchat.redis;

/**
 * One message of a room's stream: the epoch it was stored in, its sequence in the room, when
 * Redis stored it (epoch milliseconds, Redis' clock: one clock for every node) and its fields as
 * the JSON text the caller appended.
 */
public record StreamEntry(String epoch, long seq, long timestamp, String fields) {

    /** The message id: opaque to clients, never the same for two messages (see {@link RoomStream}). */
    public String id() {
        return id(epoch, seq);
    }

    /** The id of the message {@code seq} of {@code epoch}. */
    static String id(String epoch, long seq) {
        return epoch + "-" + seq;
    }

    /**
     * An entry as a room's channel carries it ({@code "EPOCH SEQ TIMESTAMP FIELDS"}, see
     * {@link RoomStream#channel}).
     */
    public static StreamEntry fromPublished(String message) {
        int a = message.indexOf(' ');
        int b = message.indexOf(' ', a + 1);
        int c = message.indexOf(' ', b + 1);
        if (a <= 0 || b <= a || c <= b) {
            throw new IllegalArgumentException("not a published stream entry: " + message);
        }
        return new StreamEntry(message.substring(0, a), Long.parseLong(message.substring(a + 1, b)),
                Long.parseLong(message.substring(b + 1, c)), message.substring(c + 1));
    }
}
