package hubchat.protocol;

/**
 * The close codes this server sends and what each means; docs/protocol.md lists them for
 * clients. Standard RFC 6455 codes only, so every client library understands them; where one
 * code has several causes a client must tell apart, the reason text it is sent with is here too.
 */
public final class CloseCodes {
    /** Normal closure; with {@link #REPLACED}, the client's own newer connection took over its seat. Do not reconnect. */
    public static final int NORMAL = 1000;
    /** Reason sent with {@link #NORMAL} to a connection whose seat a resume took over. */
    public static final String REPLACED = "replaced";
    /** Server shutting down, or the peer stopped answering pings: reconnect later. */
    public static final int GOING_AWAY = 1001;
    /** A binary frame: this protocol is text only. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Policy: bad room name, room limit, flood, a handshake query that does not decode. */
    public static final int POLICY = 1008;
    /**
     * Start of the {@link #POLICY} reason for a query that does not decode, where no servlet
     * filter refused it first; followed by ": " and what is wrong ({@link HandshakeQuery}).
     */
    public static final String BAD_QUERY = "bad query";
    /** A frame over the size limit. */
    public static final int TOO_BIG = 1009;
    /** Slow consumer: the send queue filled up. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }
}
