package hubchat.endpoint;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tomcat's fast write that never blocks: with batching allowed, asynchronous sends only copy
 * frames into the session's output buffer (writing it, without blocking, whenever it fills);
 * then one flush writes the rest. A write thus costs one socket write per buffer, and a peer
 * that stops reading leaves a write pending instead of holding a thread.
 *
 * <p>The standard API can only flush a batch with a blocking call, so this class reaches one
 * step into Tomcat (10.1 and 11): the package-private {@code startMessage} of the session's
 * {@code WsRemoteEndpointImplBase}, which flushes without blocking when given Tomcat's internal
 * flush op code, and its {@code batchingAllowed} flag. If those are not found, {@link #tryCreate}
 * returns null and the portable {@link AsyncTransport} is used instead.
 *
 * <p>Batching is switched on only while a write runs: Tomcat flushes a batch when a session
 * closes, and a flush to a peer that reset its connection fails with a warning and a stack trace
 * in Tomcat's log, so no batch is left open between writes.
 */
final class TomcatTransport extends SessionTransport {
    private static final Logger LOG = Logger.getLogger(TomcatTransport.class.getName());
    private static final String IMPL = "org.apache.tomcat.websocket.WsRemoteEndpointImplBase";
    /** RFC 6455 ping, and Tomcat's internal op code for "flush the batch". */
    private static final byte OPCODE_PING = 0x9;
    private static final byte INTERNAL_OPCODE_FLUSH = 0x18;

    private static volatile Internals internals;

    private final RemoteEndpoint.Async remote;
    private final Object impl;
    private final AtomicBoolean batching;

    private TomcatTransport(Session session, RemoteEndpoint.Async remote, Object impl, AtomicBoolean batching) {
        super(session);
        this.remote = remote;
        this.impl = impl;
        this.batching = batching;
    }

    /** The transport for a Tomcat session, or null if Tomcat's internals are not as expected. */
    static TomcatTransport tryCreate(Session session) {
        try {
            RemoteEndpoint.Async remote = session.getAsyncRemote();
            Internals in = internals(remote.getClass());
            Object impl = in.base.get(remote);
            return new TomcatTransport(session, remote, impl, (AtomicBoolean) in.batchingAllowed.get(impl));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Tomcat's non-blocking batch flush is not reachable; using one asynchronous send per frame", e);
            return null;
        }
    }

    @Override
    String kind() {
        return "tomcat-batched";
    }

    @Override
    public boolean confirmsWrites() {
        return true; // Tomcat completes a non-blocking write once the socket has taken every byte
    }

    @Override
    public void write(List<String> frames, byte[] ping, Consumer<Throwable> done) {
        batching.set(true);
        new SendChain(done) {
            @Override
            boolean start(int step, SendHandler handler) throws Exception {
                int flush = ping == null ? frames.size() : frames.size() + 1;
                if (step < frames.size()) {
                    remote.sendText(frames.get(step), handler);
                } else if (step < flush) {
                    startMessage(OPCODE_PING, ByteBuffer.wrap(ping), handler);
                } else if (step == flush) {
                    batching.set(false); // a flush works either way; later sends of Tomcat's own go straight out
                    startMessage(INTERNAL_OPCODE_FLUSH, null, handler);
                } else {
                    return false;
                }
                return true;
            }
        }.run();
    }

    @Override
    public void close(int code, String reason) {
        batching.set(false); // no flush on close: whatever a stuck peer has not taken is dropped
        super.close(code, reason);
    }

    private void startMessage(byte opCode, ByteBuffer payload, SendHandler handler) throws ReflectiveOperationException {
        internals.startMessage.invoke(impl, opCode, payload, true, handler);
    }

    private static Internals internals(Class<?> asyncRemote) throws ReflectiveOperationException {
        Internals in = internals;
        if (in == null) {
            in = Internals.find(asyncRemote);
            internals = in;
        }
        return in;
    }

    /** The three members of Tomcat's classes this transport uses, found once. */
    private record Internals(Field base, Field batchingAllowed, Method startMessage) {
        static Internals find(Class<?> asyncRemote) throws ReflectiveOperationException {
            Field base = declared(asyncRemote, "base");
            Class<?> impl = Class.forName(IMPL, false, asyncRemote.getClassLoader());
            Field batchingAllowed = impl.getDeclaredField("batchingAllowed");
            batchingAllowed.setAccessible(true);
            Method startMessage = impl.getDeclaredMethod("startMessage", byte.class, ByteBuffer.class, boolean.class,
                    SendHandler.class);
            startMessage.setAccessible(true);
            return new Internals(base, batchingAllowed, startMessage);
        }

        private static Field declared(Class<?> type, String name) throws NoSuchFieldException {
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
    }
}
