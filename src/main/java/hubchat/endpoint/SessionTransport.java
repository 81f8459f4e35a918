package hubchat.endpoint;

import hubchat.hub.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Transport} over a Jakarta WebSocket {@link Session}: the hub's only view of a socket.
 * Two ways to write, chosen per container:
 * <ul>
 * <li>{@link Batching} (Tomcat): batching allowed, every frame of a drain copied into the
 * session's buffer and one flush, so a drain costs one socket write whatever its length, and no
 * completion is dispatched to another thread. Writes block only while the peer's socket buffer
 * is full, at most {@link #BLOCKING_SEND_TIMEOUT_MILLIS}, after which Tomcat closes it.</li>
 * <li>{@link Async} (others, e.g. Tyrus on Payara, where a blocking send has no timeout): one
 * asynchronous send after another, never blocking.</li>
 * </ul>
 */
abstract class SessionTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Tomcat's limit on a blocking send (default 20 s); it also bounds a close to a stuck peer. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    static final long BLOCKING_SEND_TIMEOUT_MILLIS = 2000;

    final Session session;

    private SessionTransport(Session session) {
        this.session = session;
    }

    /** The best transport for this container's sessions. */
    static SessionTransport of(Session session) {
        boolean tomcat = session.getClass().getName().startsWith("org.apache.tomcat.websocket.");
        return tomcat ? new Batching(session) : new Async(session);
    }

    @Override
    public void ping() throws IOException {
        session.getBasicRemote().sendPing(EMPTY.duplicate());
    }

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

    /** Tomcat: all frames of a drain into the session's buffer, then one flush. */
    static final class Batching extends SessionTransport {
        private final RemoteEndpoint.Basic remote;

        Batching(Session session) {
            super(session);
            session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, BLOCKING_SEND_TIMEOUT_MILLIS);
            remote = session.getBasicRemote();
            try {
                remote.setBatchingAllowed(true);
            } catch (IOException e) {
                throw new IllegalStateException("cannot batch on this session", e);
            }
        }

        /** A ping is batched like any frame, so it needs its own flush. */
        @Override
        public void ping() throws IOException {
            super.ping();
            remote.flushBatch();
        }

        @Override
        public void write(List<String> frames, Consumer<Throwable> done) {
            try {
                for (String frame : frames) {
                    remote.sendText(frame);
                }
                remote.flushBatch();
            } catch (IOException | RuntimeException e) {
                done.accept(e);
                return;
            }
            done.accept(null);
        }
    }

    /** Anywhere else: one asynchronous send after another, the next started by the previous one's completion. */
    static final class Async extends SessionTransport {
        private final RemoteEndpoint.Async remote;

        Async(Session session) {
            super(session);
            remote = session.getAsyncRemote();
        }

        @Override
        public void write(List<String> frames, Consumer<Throwable> done) {
            sendFrom(frames, 0, done);
        }

        private void sendFrom(List<String> frames, int index, Consumer<Throwable> done) {
            try {
                remote.sendText(frames.get(index), result -> {
                    if (!result.isOK()) {
                        done.accept(result.getException());
                    } else if (index + 1 == frames.size()) {
                        done.accept(null);
                    } else {
                        sendFrom(frames, index + 1, done);
                    }
                });
            } catch (RuntimeException e) {
                done.accept(e); // session already closed
            }
        }
    }
}
