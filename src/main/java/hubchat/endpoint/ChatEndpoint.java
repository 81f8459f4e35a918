package hubchat.endpoint;

import hubchat.admission.Admission;
import hubchat.hub.Admitted;
import hubchat.hub.ChatHub;
import hubchat.hub.Member;
import hubchat.identity.IdentityCheck;
import hubchat.logging.ClientFailureLog;
import hubchat.protocol.BadQueryException;
import hubchat.protocol.Disconnect;
import hubchat.protocol.HandshakeQuery;
import hubchat.protocol.Limits;
import hubchat.protocol.Names;
import hubchat.protocol.OutboundFrame;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket face of the hub, {@code /ws/{room}}: one instance per connection, translating
 * container callbacks into hub calls and nothing more. See docs/protocol.md.
 */
@ServerEndpoint(value = "/ws/{room}", configurator = CdiConfigurator.class)
public class ChatEndpoint {
    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

    /**
     * Chars the container buffers per connection before it hands over part of a text message
     * (Tomcat does; Tyrus hands over each frame whole); the parts are joined here up to the
     * frame limit. Small, as every idle connection holds it.
     */
    public static final int TEXT_BUFFER_CHARS = 1024;
    /** Bytes buffered for a binary message, which is refused (1003) at its first part anyway. */
    public static final int BINARY_BUFFER_BYTES = 128;

    private final ChatHub hub;
    private Member member;
    /**
     * The text message arriving in parts, made at its first part; volatile because
     * {@link #closed} releases it from another thread. See {@link #partial()}.
     */
    private volatile PartialMessage partial;
    private volatile boolean gone;
    private boolean refused;
    /** This connection's place under the connection limits, if the handshake filter admitted it. */
    private volatile Admission admission;

    public ChatEndpoint(ChatHub hub) {
        this.hub = hub;
    }

    /**
     * Checks the room and the query, then joins. Every handshake parameter comes from
     * {@link HandshakeQuery}, never from the session's parameter map, which containers decode
     * differently; where no servlet filter refused a bad query first, it is closed here (1008).
     */
    @OnOpen
    public void open(Session session, @PathParam("room") String room) {
        session.setMaxTextMessageBufferSize(TEXT_BUFFER_CHARS);
        session.setMaxBinaryMessageBufferSize(BINARY_BUFFER_BYTES);
        Admitted admitted = admitted(session);
        if (!Names.isValidRoom(room) || !room.equals(requestedRoom(session, room))) {
            closeBeforeJoin(session, room, admitted, Disconnect.BAD_ROOM, Names.ROOM_RULE);
            return;
        }
        HandshakeQuery query;
        try {
            query = HandshakeQuery.parse(session.getQueryString());
        } catch (BadQueryException e) {
            closeBeforeJoin(session, room, admitted, Disconnect.BAD_QUERY, e.getMessage());
            return;
        }
        if (session.getUserProperties().get(CdiConfigurator.IDENTITY) instanceof IdentityCheck.Outcome proved) {
            if (proved.refusal() != null) {
                closeBeforeJoin(session, room, admitted, proved.refusal().cause(), proved.refusal().detail());
                return;
            }
            admitted = admitted.as(proved.identity());
        }
        member = hub.join(SessionTransport.of(session, hub.timer()), room, query.get("nick"), query.get("since"),
                query.get("resume"), admitted);
    }

    /**
     * Who the client is, as the handshake found (see {@link CdiConfigurator}): with the filter's
     * admission, whose place is held until this connection ends; else the address alone.
     */
    private Admitted admitted(Session session) {
        String origin = session.getUserProperties().get(CdiConfigurator.ORIGIN) instanceof String o ? o : null;
        Object a = session.getUserProperties().get(CdiConfigurator.ADMISSION);
        if (a instanceof Admission handedOver) {
            admission = handedOver;
            handedOver.open(); // false only if it waited so long that its place was given back
            return new Admitted(handedOver.address(), handedOver::release).from(origin);
        }
        Object address = session.getUserProperties().get(CdiConfigurator.CLIENT_ADDRESS);
        return (address instanceof String s ? new Admitted(s, () -> { }) : Admitted.UNKNOWN).from(origin);
    }

    /**
     * A text message, whole or in parts. A message in parts is bounded (see
     * {@link PartialMessage}): over the frame limit 1009, in too many parts 1008, past the
     * memory all unfinished messages share 1013; and each part counts toward the flood limit.
     */
    @OnMessage
    public void text(Session session, String part, boolean last) {
        if (member == null || refused) {
            return;
        }
        int maxFrame = hub.settings().maxFrameBytes();
        PartialMessage message = partial;
        if (last && (message == null || message.parts() == 0)) {
            // Whole in one part, the common case: nothing is held, so only its size is checked.
            if (part.length() > maxFrame / 3 && OutboundFrame.utf8Length(part) > maxFrame) {
                refuse(session, Disconnect.TOO_BIG);
                return;
            }
            hub.receive(member, part);
            return;
        }
        message = partial();
        if (message == null) {
            return; // the connection is closed
        }
        int earlierParts = message.parts();
        Disconnect refusal = message.count(part);
        if (refusal == null && !last) {
            refusal = message.keep(part);
        }
        if (refusal != null) {
            refuse(session, refusal);
        } else if (last) {
            hub.receive(member, message.join(part), earlierParts);
        } else if (!hub.receivePart(member)) {
            refused = true; // closed as a flood
            message.discard();
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer part, boolean last) {
        if (!refused && member != null) {
            refused = true;
            hub.closing(member, Disconnect.BINARY_FRAME);
            close(session, Disconnect.BINARY_FRAME, null);
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (member != null) {
            hub.pong(member, pong.getApplicationData());
        }
    }

    /** How this container's sessions are written (see SessionTransport): for {@code /health}. */
    public static String writeMode() {
        return SessionTransport.currentKind();
    }

    /** A close the client sent is a goodbye; 1006 (no close frame: the network broke) is not. */
    @OnClose
    public void closed(Session session, CloseReason reason) {
        gone = true;
        Admission held = admission;
        if (held != null) {
            held.release();
        }
        PartialMessage message = partial;
        if (message != null) {
            message.discard();
        }
        if (member == null) {
            return;
        }
        if (reason == null || reason.getCloseCode().getCode() == CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()) {
            hub.lost(member);
        } else {
            hub.leave(member, reason.getCloseCode().getCode());
        }
    }

    /**
     * An error the container reports. Nearly always the client's doing (a reset connection, a
     * frame the container refused): counted, not traced. One thrown by this application's own
     * code is a bug, and is logged with its stack trace.
     */
    @OnError
    public void failed(Session session, Throwable error) {
        if (ClientFailureLog.thrownByUs(error)) {
            LOG.log(Level.WARNING, "endpoint failed", error);
        } else {
            ClientFailureLog.SHARED.record("websocket error", error);
        }
    }

    /**
     * The room as the client wrote it: the last segment of the raw request path, as HandshakeFilter
     * checks it. The {room} path parameter may differ: a container drops {@code ;params} from a
     * segment ({@code /ws/lobby;x} matches {@code lobby}) and decodes escapes.
     */
    private static String requestedRoom(Session session, String room) {
        URI uri = session.getRequestURI();
        String path = uri == null ? null : uri.getRawPath();
        return path == null ? room : path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * This connection's message in parts, made on first use; null once the connection is closed.
     * {@link #closed} sets {@code gone} before it reads {@code partial}, and this method writes
     * {@code partial} before it reads {@code gone}, so one of the two sees the other and no
     * memory stays reserved for a closed connection.
     */
    private PartialMessage partial() {
        PartialMessage message = partial;
        if (message == null) {
            int maxFrame = hub.settings().maxFrameBytes();
            message = new PartialMessage(hub.unfinishedText(), maxFrame,
                    Limits.MAX_MESSAGE_FRAGMENTS + maxFrame / TEXT_BUFFER_CHARS);
            partial = message;
        }
        if (gone) {
            message.discard();
            return null;
        }
        return message;
    }

    /** Closes for a message refused by its size or parts; a client over the limit is told the limit. */
    private void refuse(Session session, Disconnect cause) {
        refused = true;
        PartialMessage message = partial;
        if (message != null) {
            message.discard();
        }
        int maxFrame = hub.settings().maxFrameBytes();
        hub.closing(member, cause);
        close(session, cause, cause == Disconnect.TOO_BIG ? "message larger than " + maxFrame + " bytes" : null);
    }

    /** Closes a connection the hub never knew: its end is reported here, once. */
    private void closeBeforeJoin(Session session, String room, Admitted admitted, Disconnect cause, String detail) {
        refused = true;
        hub.entrance().closedBeforeJoin(room, admitted, cause);
        close(session, cause, detail);
    }

    /** Closes the session with the cause's code and reason, as {@link hubchat.hub.Connection#close} does for the hub. */
    private static void close(Session session, Disconnect cause, String detail) {
        SessionTransport.close(session, cause.code(), cause.reason(detail));
    }
}
