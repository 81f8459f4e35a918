package hubchat.protocol;

/**
 * The {@code code} of an {@code error} frame: why a client frame was ignored. The connection
 * stays open after any of these. Listed in docs/protocol.md.
 */
public enum ErrorCode {
    BAD_JSON("bad_json"),
    BAD_REQUEST("bad_request"),
    UNKNOWN_TYPE("unknown_type"),
    TOO_LONG("too_long"),
    EMPTY("empty"),
    BAD_NICK("bad_nick"),
    /** A nick change from a user with an identity, whose name the identity gives: nothing changed. */
    NICK_FIXED("nick_fixed"),
    /** The engine could not store or read now; the same frame may be sent again (a message with its cid). */
    UNAVAILABLE("unavailable"),
    /**
     * Over one of the connection's rate limits: nothing of the frame was done. Carries when it may
     * be sent again ({@code retryAfterMs}) and, for a message, its cid.
     */
    RATE_LIMITED("rate_limited");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears on the wire. */
    public String wire() {
        return wire;
    }
}
