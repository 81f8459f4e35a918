package hubchat.endpoint;

import hubchat.hub.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A {@link Transport} over a Jakarta WebSocket {@link Session}: the hub's only view of a socket. */
final class SessionTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /**
     * Tomcat's limit on a blocking send, which includes the close frame sent to a peer that has
     * stopped reading (default 20 s); other containers ignore the property.
     */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final long BLOCKING_SEND_TIMEOUT_MILLIS = 2000;

    private final Session session;

    SessionTransport(Session session) {
        this.session = session;
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, BLOCKING_SEND_TIMEOUT_MILLIS);
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            done.accept(e); // session already closed
        }
    }

    @Override
    public void sendPing() throws IOException {
        session.getAsyncRemote().sendPing(EMPTY.duplicate());
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
