package hubchat.endpoint;

import hubchat.hub.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Transport} over a Jakarta WebSocket {@link Session}: the hub's only view of a socket.
 * The standard API has no way to write a batch of frames without blocking, so the best way to
 * write depends on the container:
 * <ul>
 * <li>{@link TomcatTransport} on Tomcat and {@link TyrusTransport} on Tyrus (Payara, GlassFish):
 * every frame of a write copied into one buffer by {@link WireFrames} and handed to the
 * container's raw non-blocking write, so a write costs one socket write whatever its length and
 * a peer that stops reading leaves it pending, holding no thread;</li>
 * <li>{@link AsyncTransport} anywhere else, or where a container's internals are not as
 * expected: one asynchronous send after another.</li>
 * </ul>
 */
abstract class SessionTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());
    /** Tomcat's limit on a blocking send (default 20 s), which its own pongs and closes use. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    static final long BLOCKING_SEND_TIMEOUT_MILLIS = 2000;

    /** How this container's sessions are written, as the first session found out: for {@code /health}. */
    private static volatile String kind = "none yet";

    final Session session;

    SessionTransport(Session session) {
        this.session = session;
    }

    /**
     * The best transport for this container's sessions. {@code timer} is the hub's: a Tyrus
     * session's idle timer moves onto it ({@link TyrusIdleTimer}).
     */
    static SessionTransport of(Session session, ScheduledExecutorService timer) {
        SessionTransport transport = null;
        String type = session.getClass().getName();
        if (type.startsWith("org.apache.tomcat.websocket.")) {
            session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, BLOCKING_SEND_TIMEOUT_MILLIS);
            transport = TomcatTransport.tryCreate(session);
        } else if (type.startsWith("org.glassfish.tyrus.")) {
            TyrusIdleTimer.move(session, timer);
            transport = TyrusTransport.tryCreate(session);
        }
        if (transport == null) {
            transport = new AsyncTransport(session);
        }
        if (!transport.kind().equals(kind)) {
            kind = transport.kind();
            LOG.info("WebSocket writes: " + kind);
        }
        return transport;
    }

    /** {@code tomcat-raw}, {@code tyrus-raw} or {@code async}: how this container's sessions are written. */
    static String currentKind() {
        return kind;
    }

    /** The field {@code name} of {@code type} or of a class it extends, made accessible. */
    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** A short name for the way this transport writes. */
    abstract String kind();

    @Override
    public void close(int code, String reason) {
        close(session, code, reason);
    }

    /** Closes {@code session} with a close code and reason, logging (not throwing) a failure. */
    static void close(Session session, int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
