package hubchat.endpoint;

import hubchat.hub.ChatHub;
import hubchat.hub.Member;
import hubchat.protocol.BadQueryException;
import hubchat.protocol.CloseCodes;
import hubchat.protocol.HandshakeQuery;
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
     * Chars the container buffers per connection before it hands over part of a text message;
     * the parts are joined here up to the frame limit. Small, as every idle connection holds it.
     */
    public static final int TEXT_BUFFER_CHARS = 1024;
    /** Bytes buffered for a binary message, which is refused (1003) at its first part anyway. */
    public static final int BINARY_BUFFER_BYTES = 128;

    private final ChatHub hub;
    private Member member;
    /** The text message being received in parts, and its size in UTF-8 bytes so far. */
    private StringBuilder partial;
    private long partialBytes;
    private boolean refused;

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
        if (!Names.isValidRoom(room) || !room.equals(requestedRoom(session, room))) {
            close(session, CloseCodes.POLICY, "bad room name");
            return;
        }
        HandshakeQuery query;
        try {
            query = HandshakeQuery.parse(session.getQueryString());
        } catch (BadQueryException e) {
            close(session, CloseCodes.POLICY, CloseCodes.BAD_QUERY + ": " + e.getMessage());
            return;
        }
        member = hub.join(SessionTransport.of(session), room, query.get("nick"), query.get("since"),
                query.get("resume"));
    }

    /** A text message, whole or in parts; over the frame limit it is closed with 1009. */
    @OnMessage
    public void text(Session session, String part, boolean last) {
        if (member == null || refused) {
            return;
        }
        if (partial == null && last && part.length() <= hub.settings().maxFrameBytes() / 3) {
            hub.receive(member, part); // the common case: small and whole, nothing to count
            return;
        }
        if (partial == null) {
            partial = new StringBuilder(part.length());
            partialBytes = 0;
        }
        partialBytes += OutboundFrame.utf8Length(part);
        int maxFrame = hub.settings().maxFrameBytes();
        if (partialBytes > maxFrame) {
            partial = null;
            refused = true;
            close(session, CloseCodes.TOO_BIG, "frame larger than " + maxFrame + " bytes");
            return;
        }
        partial.append(part);
        if (last) {
            String text = partial.toString();
            partial = null;
            hub.receive(member, text);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer part, boolean last) {
        if (!refused) {
            refused = true;
            close(session, CloseCodes.UNSUPPORTED_DATA, "binary frames are not supported");
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
        if (member == null) {
            return;
        }
        if (reason == null || reason.getCloseCode().getCode() == CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()) {
            hub.lost(member);
        } else {
            hub.leave(member);
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        LOG.log(Level.FINE, "websocket error", error);
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

    private static void close(Session session, int code, String reason) {
        SessionTransport.close(session, code, reason);
    }
}
