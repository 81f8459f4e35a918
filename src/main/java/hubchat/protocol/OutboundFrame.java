package hubchat.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A server frame, made once and shared by every recipient: its text, its UTF-8 size (what the
 * send queues are bounded by) and, once a transport first asks, its UTF-8 bytes, which every
 * later recipient's write copies instead of encoding the text again.
 *
 * <p>Invariant: every frame is well-formed UTF-16 ({@link Unicode#isWellFormed}), so it has a
 * UTF-8 form and every container can write it. Only {@link #of} makes one and it enforces this:
 * a frame that breaks it is never made, so it can be neither stored (a {@link ChatMessage} holds
 * its frame) nor queued for anyone.
 */
public final class OutboundFrame {
    /** The exception's message: says what is wrong, never quotes the frame. */
    static final String UNENCODABLE = "frame is not well-formed UTF-16 (an unpaired surrogate)";

    private final String json;
    private final int bytes;
    /**
     * Made on first use, not with the frame: most frames (history, a room's stored messages)
     * are never written, or written to one client. Two threads may both make it; either copy is
     * the same bytes, and the volatile write publishes a whole array.
     */
    private volatile byte[] utf8;

    private OutboundFrame(String json, int bytes) {
        this.json = json;
        this.bytes = bytes;
    }

    /** @throws UnencodableFrameException if {@code json} holds an unpaired surrogate */
    public static OutboundFrame of(String json) {
        if (!Unicode.isWellFormed(json)) {
            throw new UnencodableFrameException(UNENCODABLE);
        }
        return new OutboundFrame(json, utf8Length(json));
    }

    /** The frame's JSON text. */
    public String json() {
        return json;
    }

    /** The frame's UTF-8 length in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The frame's UTF-8 form, shared by every caller: read it, never write to it. */
    public byte[] utf8() {
        byte[] b = utf8;
        if (b == null) {
            b = json.getBytes(StandardCharsets.UTF_8); // exact: the text is well-formed
            utf8 = b;
        }
        return b;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboundFrame f && f.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json;
    }
}
