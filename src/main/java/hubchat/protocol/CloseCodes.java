package hubchat.protocol;

/**
 * The close codes this server sends and what each means; docs/protocol.md lists them for
 * clients. Standard RFC 6455 codes only, so every client library understands them.
 */
public final class CloseCodes {
    /** Server shutting down, or the peer stopped answering pings: reconnect later. */
    public static final int GOING_AWAY = 1001;
    /** A binary frame: this protocol is text only. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Policy: bad room name, room limit, flood, a message in too many fragments. */
    public static final int POLICY = 1008;
    /** With {@link #POLICY}: more frames of one connection wait to be handled than allowed. */
    public static final String FLOOD = "flood: too many frames waiting";
    /** With {@link #POLICY}: a text message in more parts than {@link Limits#MAX_MESSAGE_FRAGMENTS} allows. */
    public static final String TOO_MANY_FRAGMENTS = "too many fragments in one message";
    /** A frame, or a message in fragments, over the size limit. */
    public static final int TOO_BIG = 1009;
    /** Slow consumer (the send queue filled up), or the server is short of a shared resource. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** With {@link #TRY_AGAIN_LATER}: unfinished messages of all connections hold all the memory allowed them. */
    public static final String UNFINISHED_TEXT_FULL = "server busy: no memory for unfinished messages";

    private CloseCodes() {
    }
}
