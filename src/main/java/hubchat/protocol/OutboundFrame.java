package hubchat.protocol;

/**
 * A server frame, encoded once and shared by every recipient. {@link #bytes()} is its UTF-8
 * size, counted once, which is what the send queues are bounded by.
 *
 * <p>Invariant: every frame is well-formed UTF-16 ({@link Unicode#isWellFormed}), so it has a
 * UTF-8 form and every container can write it. The constructor enforces it: a frame that breaks
 * it is never made, so it can be neither stored (a {@link ChatMessage} holds its frame) nor
 * queued for anyone.
 */
public record OutboundFrame(String json, int bytes) {
    /** The exception's message: says what is wrong, never quotes the frame. */
    static final String UNENCODABLE = "frame is not well-formed UTF-16 (an unpaired surrogate)";

    /** @throws UnencodableFrameException if {@code json} holds an unpaired surrogate */
    public OutboundFrame {
        if (!Unicode.isWellFormed(json)) {
            throw new UnencodableFrameException(UNENCODABLE);
        }
    }

    /** @throws UnencodableFrameException if {@code json} holds an unpaired surrogate */
    public static OutboundFrame of(String json) {
        return new OutboundFrame(json, utf8Length(json));
    }

    /** UTF-8 length of {@code s} without encoding it. */
    public static int utf8Length(CharSequence s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for the pair of 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
