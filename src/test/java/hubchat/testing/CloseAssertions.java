package hubchat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.protocol.Disconnect;

/**
 * Test helper: that a close the server sent names its cause as clients read it, by the close
 * code and the token the reason starts with; the detail after the token is free to change.
 */
public final class CloseAssertions {

    private CloseAssertions() {
    }

    /** A close with {@code code} and {@code reason} is one for {@code cause}. */
    public static void assertClosedFor(Disconnect cause, int code, String reason) {
        assertEquals(cause.code(), code, "close code, reason: " + reason);
        assertEquals(cause.token(), token(reason), "the reason's token, reason: " + reason);
    }

    /** True if a close with {@code code} and {@code reason} is one for {@code cause}. */
    public static boolean isFor(Disconnect cause, int code, String reason) {
        return code == cause.code() && cause.token().equals(token(reason));
    }

    /** The token a close reason starts with: all of it up to the first ':', as clients parse it. */
    public static String token(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
