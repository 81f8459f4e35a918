package hubchat.endpoint;

import hubchat.hub.ChatHub;
import hubchat.hub.Member;
import hubchat.protocol.CloseCodes;
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
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket face of the hub, {@code /ws/{room}}: one instance per connection, translating
 * container callbacks into hub calls and nothing more. See docs/protocol.md.
 */
@ServerEndpoint(value = "/ws/{room}", configurator = CdiConfigurator.class)
public class ChatEndpoint {
    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

    private final ChatHub hub;
    private Member member;

    public ChatEndpoint(ChatHub hub) {
        this.hub = hub;
    }

    @OnOpen
    public void open(Session session, @PathParam("room") String room) {
        int maxFrame = hub.settings().maxFrameBytes();
        session.setMaxTextMessageBufferSize(maxFrame);
        session.setMaxBinaryMessageBufferSize(maxFrame);
        if (!Names.isValidRoom(room) || !room.equals(requestedRoom(session, room))) {
            close(session, CloseCodes.POLICY, "bad room name");
            return;
        }
        member = hub.join(SessionTransport.of(session), room,
                parameter(session, "nick"), parameter(session, "since"));
    }

    @OnMessage
    public void text(Session session, String text) {
        if (member == null) {
            return;
        }
        int maxFrame = hub.settings().maxFrameBytes();
        if (text.length() > maxFrame || (text.length() > maxFrame / 3 && OutboundFrame.utf8Length(text) > maxFrame)) {
            close(session, CloseCodes.TOO_BIG, "frame larger than " + maxFrame + " bytes");
            return;
        }
        hub.receive(member, text);
    }

    @OnMessage
    public void binary(Session session, ByteBuffer data) {
        close(session, CloseCodes.UNSUPPORTED_DATA, "binary frames are not supported");
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (member != null) {
            hub.heard(member);
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        if (member != null) {
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

    private static String parameter(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void close(Session session, int code, String reason) {
        SessionTransport.close(session, code, reason);
    }
}
