package hubchat.protocol;

/**
 * A client frame that breaks the protocol: answered with an {@code error} frame carrying
 * {@link #code()} and the message, never with a close.
 */
public final class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
