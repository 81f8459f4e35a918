package hubchat.protocol;

/**
 * A stored chat message. Its {@code message} frame (without {@code cid}) is encoded once, when
 * it is created, and reused for every recipient and every welcome or history that includes it.
 * {@code from} is the sender's display name (its nick); {@code fromId} the stable user id of a
 * sender whose identity the server checked, null for an anonymous sender (and then the frame
 * has no {@code fromId}).
 *
 * <p>Invariant: a message exists only if its frame can be written (see {@link OutboundFrame}),
 * so whatever holds messages (an engine's history, a welcome, a history page) holds only
 * frames every container can write.
 */
public final class ChatMessage {
    private final String id;
    private final String room;
    private final String from;
    private final String fromId;
    private final String text;
    private final long ts;
    private final OutboundFrame frame;

    /** @throws UnencodableFrameException if a field holds an unpaired surrogate */
    public ChatMessage(String id, String room, String from, String fromId, String text, long ts) {
        this.id = id;
        this.room = room;
        this.from = from;
        this.fromId = fromId;
        this.text = text;
        this.ts = ts;
        this.frame = Frames.message(this, null);
    }

    public String id() { return id; }

    public String room() { return room; }

    public String from() { return from; }

    /** The sender's user id; null when the sender had no identity. */
    public String fromId() { return fromId; }

    public String text() { return text; }

    public long ts() { return ts; }

    /** The {@code message} frame everyone but the sender receives. */
    public OutboundFrame frame() { return frame; }

    @Override
    public String toString() {
        return "ChatMessage[" + id + " " + room + " " + from + "]";
    }
}
