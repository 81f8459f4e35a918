package hubchat.protocol;

/**
 * A server frame, encoded once and shared by every recipient. {@link #bytes()} is its UTF-8
 * size, counted once, which is what the send queues are bounded by.
 */
public record OutboundFrame(String json, int bytes) {

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
