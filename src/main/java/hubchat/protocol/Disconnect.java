package hubchat.protocol;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every cause for which a connection ends, the one home of its close code, its reason token and
 * the advice to clients; docs/protocol.md ("Close codes") and the page's js/disconnect.js list
 * the same, and tests hold them to this. Only standard RFC 6455 codes are sent, so every client
 * library understands them; where one code has several causes, the token tells them apart.
 *
 * <p>The close reason on the wire is the token, optionally followed by {@code ": "} and a detail
 * for people: clients decide by the token (the reason up to its first {@code ':'}), never by
 * the detail, which may change. The last two causes are the client's or the network's doing:
 * never sent, they exist so that every ended connection has a cause to be counted by.
 */
public enum Disconnect {
    REPLACED(1000, "replaced", Reconnect.NO, "a resume took this connection's seat over a newer connection"),
    RESTARTING(1001, "restarting", Reconnect.BACKOFF, "the server is restarting or stopping: what was queued for the client was sent first (within CHAT_DRAIN_SECONDS)"),
    PING_TIMEOUT(1001, "ping_timeout", Reconnect.BACKOFF, "the client stopped answering pings"),
    WRITE_FAILED(1001, "write_failed", Reconnect.BACKOFF, "a write to the client's socket failed"),
    BINARY_FRAME(1003, "binary_frame", Reconnect.NO, "the client sent a binary frame"),
    BAD_ROOM(1008, "bad_room", Reconnect.NO, "the room name breaks the rules"),
    ROOM_LIMIT(1008, "room_limit", Reconnect.LATER, "a new room would pass the server's room limit"),
    TOO_MANY_NEW_ROOMS(1008, "too_many_new_rooms", Reconnect.LATER, "the client's address made new rooms faster than allowed"),
    FLOOD(1008, "flood", Reconnect.LATER, "more frames of the client wait to be handled than allowed"),
    RATE_LIMITED(1008, "rate_limited", Reconnect.LATER, "the client went on sending over its rate limits after being refused"),
    BAD_FRAMES(1008, "bad_frames", Reconnect.NO, "the client went on sending frames the server refused as malformed or invalid after being told"),
    TOO_MANY_FRAGMENTS(1008, "too_many_fragments", Reconnect.NO, "a text message came in more parts than allowed"),
    BAD_QUERY(1008, "bad_query", Reconnect.NO, "the handshake query does not decode"),
    UNAUTHORIZED(1008, "unauthorized", Reconnect.NO, "the handshake proves no identity the server accepts (token missing, malformed, expired or wrongly signed; no container login)"),
    ROOM_NOT_ALLOWED(1008, "room_not_allowed", Reconnect.NO, "the identity may not enter the room (not in its token's rooms)"),
    TOO_BIG(1009, "too_big", Reconnect.NO, "a message is over the frame limit"),
    SLOW_CONSUMER(1013, "slow_consumer", Reconnect.BACKOFF, "the client read too slowly: its send queue filled up"),
    SERVER_BUSY(1013, "server_busy", Reconnect.BACKOFF, "no memory left for unfinished messages in fragments"),
    CLIENT_CLOSED("client_closed", Reconnect.NO, "the client sent a close frame"),
    CONNECTION_LOST("connection_lost", Reconnect.BACKOFF, "the connection broke without a close frame");

    /**
     * The causes that are the client's fault (it broke the protocol or a limit): logged as
     * violations, and a member closed for one has no leave grace.
     */
    private static final Set<Disconnect> VIOLATIONS = EnumSet.of(BINARY_FRAME, BAD_ROOM, BAD_QUERY, FLOOD,
            RATE_LIMITED, BAD_FRAMES, TOO_MANY_FRAGMENTS, TOO_BIG);

    /** Most UTF-8 bytes of a close reason (RFC 6455: a control frame's 125 less the code's 2). */
    public static final int MAX_REASON_BYTES = 123;
    private static final String DETAIL_SEPARATOR = ": ";

    /** What a client should do after a close, as docs/protocol.md and the page name it. */
    public enum Reconnect {
        /** Do not reconnect on its own: it would fail the same way, or undo what was meant. */
        NO,
        /** Reconnect with growing delays and jitter; resume with {@code since} and {@code resume}. */
        BACKOFF,
        /** Not soon: only after a long wait, or when the user asks. */
        LATER;

        /** The advice as docs/protocol.md and js/disconnect.js write it. */
        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int code;
    private final String token;
    private final Reconnect reconnect;
    private final String description;

    Disconnect(int code, String token, Reconnect reconnect, String description) {
        this.code = code;
        this.token = token;
        this.reconnect = reconnect;
        this.description = description;
    }

    /** A cause the server never sends: it has no close code of ours. */
    Disconnect(String token, Reconnect reconnect, String description) {
        this(0, token, reconnect, description);
    }

    /** Whether this is the client's fault (see {@link #VIOLATIONS}). */
    public boolean isViolation() {
        return VIOLATIONS.contains(this);
    }

    /** False for the causes the client or the network brings about, which are never sent. */
    public boolean sent() {
        return code != 0;
    }

    /** The close code this cause is sent with; there is none for a cause that is never sent. */
    public int code() {
        requireSent();
        return code;
    }

    /** The short snake_case name of the cause, stable on the wire: a close reason starts with it. */
    public String token() {
        return token;
    }

    public Reconnect reconnect() {
        return reconnect;
    }

    /** One line for people, such as an operator reading metrics. */
    public String description() {
        return description;
    }

    /** The close reason without a detail: the token alone. */
    public String reason() {
        return reason(null);
    }

    /**
     * The close reason: the token, then {@code ": "} and {@code detail} unless it is null or
     * empty, cut to {@link #MAX_REASON_BYTES} without splitting a character.
     */
    public String reason(String detail) {
        requireSent();
        if (detail == null || detail.isEmpty()) {
            return token;
        }
        return Unicode.cutToUtf8Bytes(token + DETAIL_SEPARATOR + detail, MAX_REASON_BYTES);
    }

    private void requireSent() {
        if (!sent()) {
            throw new IllegalStateException(this + " is never sent: it has no close code or reason");
        }
    }
}
