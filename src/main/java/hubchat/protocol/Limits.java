package hubchat.protocol;

/**
 * The fixed limits of the wire protocol (docs/protocol.md). Limits an operator may change
 * are {@link hubchat.config.Setting}s instead.
 */
public final class Limits {
    /** Longest message text, in code points after trimming. */
    public static final int MAX_TEXT_LENGTH = 2000;
    /** Longest client message id ({@code cid}). */
    public static final int MAX_CID_LENGTH = 64;
    /** Messages in a welcome without {@code since}, or with an unknown one. */
    public static final int WELCOME_HISTORY = 50;
    /** Largest {@code limit} of a history request, and its default. */
    public static final int MAX_HISTORY_PAGE = 100;
    public static final int DEFAULT_HISTORY_PAGE = 50;
    /** Names listed in {@code welcome.members} and in each list of a presence frame. */
    public static final int MAX_LISTED_NAMES = 200;
    /**
     * Frames (RFC 6455 fragments) one text message may be sent in. A container may also cut a
     * long frame into pieces, so the server allows this many parts plus one per 1024 characters
     * of the frame limit; more closes the connection with 1008.
     */
    public static final int MAX_MESSAGE_FRAGMENTS = 64;
    /**
     * The window in which refusals for rate limits are counted: more than the operator's
     * {@code CHAT_MAX_REFUSED_FRAMES} refusals within it close the connection with 1008.
     */
    public static final long REFUSAL_WINDOW_MILLIS = 10_000;

    private Limits() {
    }
}
