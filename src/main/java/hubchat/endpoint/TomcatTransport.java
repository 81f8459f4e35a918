package hubchat.endpoint;

import hubchat.protocol.OutboundFrame;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tomcat's fast write (10.1 and 11): a whole write, text frames and ping, encoded by
 * {@link WireFrames} into one buffer (each frame's shared UTF-8 bytes copied, not encoded again)
 * and handed to the session's {@code doWrite} without blocking. One socket write and one
 * completion per write, whatever its length; a peer that stops reading leaves the write pending
 * instead of holding a thread.
 *
 * <p>The standard API has no such write: its {@code sendText} encodes the text again for every
 * recipient, and a batch of its sends can only be flushed by a blocking call, or by Tomcat's
 * batching, which a closing session then tries to flush (waiting for a write under way to a
 * peer that is gone, on a container thread). So this class reaches one step into Tomcat: the
 * protected {@code doWrite} of the session's {@code WsRemoteEndpointImplBase}, the raw write
 * under all of Tomcat's own sends. Tomcat's own frames (its pongs and its close) cannot land
 * inside ours: the socket runs one write operation at a time, and ours is whole frames. If the
 * method is not found, or the session negotiated an extension that raw frames would bypass,
 * {@link #tryCreate} returns null and the portable {@link AsyncTransport} is used instead.
 */
final class TomcatTransport extends SessionTransport {
    private static final Logger LOG = Logger.getLogger(TomcatTransport.class.getName());
    private static final String IMPL = "org.apache.tomcat.websocket.WsRemoteEndpointImplBase";
    /** {@code doWrite}'s "no blocking deadline": write without blocking, complete by callback. */
    private static final long NON_BLOCKING = -1;

    private static volatile Internals internals;

    private final Object impl;

    private TomcatTransport(Session session, Object impl) {
        super(session);
        this.impl = impl;
    }

    /** The transport for a Tomcat session, or null if Tomcat's internals are not as expected. */
    static TomcatTransport tryCreate(Session session) {
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
            return new TomcatTransport(session, in.base.get(remote));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Tomcat's raw write is not reachable; using one asynchronous send per frame", e);
            return null;
        }
    }

    @Override
    String kind() {
        return "tomcat-raw";
    }

    @Override
    public boolean confirmsWrites() {
        return true; // Tomcat completes a non-blocking write once the socket has taken every byte
    }

    @Override
    public void write(List<OutboundFrame> frames, byte[] ping, Consumer<Throwable> done) {
        AtomicBoolean told = new AtomicBoolean(); // a throw after the callback ran must not tell twice
        SendHandler handler = result -> {
            if (told.compareAndSet(false, true)) {
                done.accept(result.isOK() ? null : result.getException());
            }
        };
        try {
            ByteBuffer wire = WireFrames.encode(frames, ping);
            internals.doWrite.invoke(impl, handler, NON_BLOCKING, new ByteBuffer[] {wire});
        } catch (InvocationTargetException e) {
            fail(told, done, e.getCause()); // e.g. the socket is already closed
        } catch (ReflectiveOperationException | RuntimeException e) {
            fail(told, done, e);
        }
    }

    private static void fail(AtomicBoolean told, Consumer<Throwable> done, Throwable e) {
        if (told.compareAndSet(false, true)) {
            done.accept(e);
        }
    }

    /** The members of Tomcat's classes this transport uses, found once. */
    private record Internals(Field base, Method doWrite) {
        static Internals find(Class<?> asyncRemote) throws ReflectiveOperationException {
            Field base = field(asyncRemote, "base");
            Class<?> impl = Class.forName(IMPL, false, asyncRemote.getClassLoader());
            Method doWrite = impl.getDeclaredMethod("doWrite", SendHandler.class, long.class, ByteBuffer[].class);
            doWrite.setAccessible(true);
            return new Internals(base, doWrite);
        }
    }
}
