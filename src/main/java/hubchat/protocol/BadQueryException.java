package hubchat.protocol;

/**
 * A handshake query that does not decode (see {@link HandshakeQuery}): refused with HTTP 400
 * before the upgrade, or closed with {@link Disconnect#BAD_QUERY} where no filter runs. The message
 * says what is wrong and never quotes the query.
 */
public final class BadQueryException extends Exception {

    public BadQueryException(String message) {
        super(message, null, false, false);
    }
}
