package hubchat.endpoint;

import hubchat.protocol.OutboundFrame;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tyrus's fast write (Payara, GlassFish, the tests' server): a whole write, text frames and ping,
 * encoded by {@link WireFrames} into one buffer and handed to the session's
 * {@code TyrusWebSocket.sendRawFrame}, the public method Tyrus's own broadcast uses. One write
 * per batch instead of one per frame, and none of the per-send work of Tyrus's standard API,
 * which on Payara reschedules the session's idle timer on a managed executor for every frame
 * (most of Payara's CPU under fan-out).
 *
 * <p>Reaching the {@code TyrusWebSocket} takes one reflective step (a package-private field of
 * Tyrus's remote endpoint); if it is not there, or the session negotiated an extension that raw
 * frames would bypass, {@link #tryCreate} returns null and {@link AsyncTransport} is used.
 *
 * <p>As with {@link AsyncTransport}, a completed send confirms nothing: Payara completes it once
 * queued, so bytes count until the peer's pong (see {@link #confirmsWrites()}).
 */
final class TyrusTransport extends SessionTransport {
    private static final Logger LOG = Logger.getLogger(TyrusTransport.class.getName());

    private static volatile Internals internals;

    private final Object webSocket;

    private TyrusTransport(Session session, Object webSocket) {
        super(session);
        this.webSocket = webSocket;
    }

    /** The transport for a Tyrus session, or null if Tyrus's internals are not as expected. */
    static TyrusTransport tryCreate(Session session) {
        if (!session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        try {
            RemoteEndpoint.Async remote = session.getAsyncRemote();
            Internals in = internals;
            if (in == null) {
                in = Internals.find(remote.getClass());
                internals = in;
            }
            return new TyrusTransport(session, in.webSocket.get(remote));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Tyrus's raw frame send is not reachable; using one asynchronous send per frame", e);
            return null;
        }
    }

    @Override
    String kind() {
        return "tyrus-raw";
    }

    @Override
    public boolean confirmsWrites() {
        return false;
    }

    @Override
    public void write(List<OutboundFrame> frames, byte[] ping, Consumer<Throwable> done) {
        CompletionStage<?> sent;
        try {
            ByteBuffer wire = WireFrames.encode(frames, ping);
            sent = (CompletionStage<?>) internals.sendRawFrame.invoke(webSocket, wire); // a TyrusFuture
        } catch (ReflectiveOperationException e) {
            done.accept(e.getCause() != null ? e.getCause() : e); // e.g. the socket is already closed
            return;
        } catch (Exception e) {
            done.accept(e);
            return;
        }
        sent.whenComplete((frame, error) -> done.accept(error));
    }

    /** The members of Tyrus's classes this transport uses, found once. */
    private record Internals(Field webSocket, Method sendRawFrame) {
        static Internals find(Class<?> asyncRemote) throws ReflectiveOperationException {
            Field webSocket = field(asyncRemote, "webSocket");
            return new Internals(webSocket, webSocket.getType().getMethod("sendRawFrame", ByteBuffer.class));
        }
    }
}
