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
    /**
     * Policy: bad room name, room limit, flood, a message in too many fragments, a handshake
     * query that does not decode.
     */
    public static final int POLICY = 1008;
    /** With {@link #POLICY}: more frames of one connection wait to be handled than allowed. */
    public static final String FLOOD = "flood: too many frames waiting";
    /** With {@link #POLICY}: a text message in more parts than {@link Limits#MAX_MESSAGE_FRAGMENTS} allows. */
    public static final String TOO_MANY_FRAGMENTS = "too many fragments in one message";
    /**
     * Start of the {@link #POLICY} reason for a query that does not decode, where no servlet
     * filter refused it first; followed by ": " and what is wrong ({@link HandshakeQuery}).
     */
    public static final String BAD_QUERY = "bad query";
    /** A frame, or a message in fragments, over the size limit. */
    public static final int TOO_BIG = 1009;
    /** Slow consumer (the send queue filled up), or the server is short of a shared resource. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** With {@link #TRY_AGAIN_LATER}: unfinished messages of all connections hold all the memory allowed them. */
    public static final String UNFINISHED_TEXT_FULL = "server busy: no memory for unfinished messages";

    private CloseCodes() {
    }
}
