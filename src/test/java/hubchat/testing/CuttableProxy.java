package hubchat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: a TCP proxy on loopback in front of a server, which a test can {@link #cut()}:
 * every open connection is dropped (both sides), and new ones are reset as soon as they are
 * accepted, until {@link #restore()}. To a browser behind it this looks like the server going
 * away and coming back; the server sees its clients vanish. Bytes are copied as they are, so
 * HTTP and WebSocket both pass. The browser's {@code Host} and {@code Origin} are the proxy's
 * address, so a server that a browser reaches through a proxy must know the proxy's origin
 * ({@code CHAT_PUBLIC_ORIGIN} or {@code CHAT_ALLOWED_ORIGINS}) before it starts: such a proxy
 * listens on a port agreed beforehand ({@link #start(int, int)}).
 *
 * <p>A network can also die silently, with neither a FIN nor an RST reaching the server:
 * {@link #freeze()} (or {@link #freezeReplies()}, one direction) stops the open connections'
 * bytes in the proxy until {@link #thaw()}, and {@link #dropClientsSilently()} breaks them for
 * the clients only, the server's side staying open and mute. These act on the connections open
 * at the time; later ones pass as usual.
 *
 * <pre>
 * try (CuttableProxy proxy = CuttableProxy.start(18080)) {
 *     open("http://localhost:" + proxy.port() + "/");
 *     proxy.cut();      // everyone behind the proxy is disconnected
 *     proxy.restore();  // and may connect again
 * }
 * </pre>
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    private CuttableProxy(int targetPort, int listenPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port, forwarding to {@code targetPort} on loopback. */
    public static CuttableProxy start(int targetPort) throws IOException {
        return new CuttableProxy(targetPort, 0);
    }

    /** A proxy on loopback port {@code listenPort}, forwarding to {@code targetPort} on loopback. */
    public static CuttableProxy start(int targetPort, int listenPort) throws IOException {
        return new CuttableProxy(targetPort, listenPort);
    }

    /** The port to connect to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far (refused ones included). */
    public int accepted() {
        return accepted.get();
    }

    /** Drops every open connection and refuses (resets) new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        dropAll();
    }

    /** Lets new connections through again. */
    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    /**
     * Stops every open connection in both directions without closing anything: neither end
     * notices, and the bytes either sends wait in the proxy (and the sockets' buffers) until
     * {@link #thaw()}.
     */
    public void freeze() {
        for (Link link : open) {
            link.freeze(true, true);
        }
    }

    /**
     * Stops only what the server sends on every open connection: the client's frames still
     * arrive, the answers wait until {@link #thaw()} (e.g. an acknowledgement lost on the way).
     */
    public void freezeReplies() {
        for (Link link : open) {
            link.freeze(false, true);
        }
    }

    /** Lets every frozen connection pass bytes again, what waited first. */
    public void thaw() {
        for (Link link : open) {
            link.thaw();
        }
    }

    /**
     * Breaks every open connection for its client (reset: it sees the connection lost) while
     * the server's side stays open and hears nothing more, what the server sends waiting in the
     * proxy for ever: to the server, a network that died without a FIN or an RST.
     */
    public void dropClientsSilently() {
        for (Link link : open) {
            link.dropClient();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        dropAll();
    }

    private void dropAll() {
        for (Link link : open) {
            link.kill();
        }
        open.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (cut) {
                reset(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                reset(client);
                reset(server);
                continue;
            }
            Link link = new Link(client, server);
            open.add(link);
            if (cut) { // cut while connecting
                dropAll();
                continue;
            }
            pump(link, true);
            pump(link, false);
        }
    }

    /**
     * Copies one direction of {@code link} on a thread of its own, holding bytes (and the end of
     * the stream) while that direction is frozen; when one side ends, both close, except the
     * server's side of a connection dropped silently, which stays open.
     */
    private void pump(Link link, boolean up) {
        Socket from = up ? link.client : link.server;
        Socket to = up ? link.server : link.client;
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buffer);
                    link.awaitFlowing(up);
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // dropped: close below
            } finally {
                link.ended();
            }
        }, "proxy-" + (up ? "up" : "down") + "-" + link.client.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** One proxied connection: the client's socket, the server's, and what may pass between them. */
    private final class Link {
        final Socket client;
        final Socket server;
        private boolean upFrozen;
        private boolean downFrozen;
        private boolean clientDropped;
        private boolean dead;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        synchronized void freeze(boolean up, boolean down) {
            upFrozen |= up;
            downFrozen |= down;
        }

        synchronized void thaw() {
            if (!clientDropped) {
                upFrozen = false;
                downFrozen = false;
                notifyAll();
            }
        }

        void dropClient() {
            synchronized (this) {
                clientDropped = true;
                upFrozen = true;
                downFrozen = true;
            }
            reset(client);
        }

        /** Both sides reset, and pumps waiting on a frozen direction let go. */
        void kill() {
            synchronized (this) {
                dead = true;
                notifyAll();
            }
            reset(client);
            reset(server);
        }

        synchronized void awaitFlowing(boolean up) throws InterruptedException {
            while (!dead && (up ? upFrozen : downFrozen)) {
                wait();
            }
        }

        /** A pump has stopped: close the connection, but leave a silently dropped one's server side open and mute. */
        void ended() {
            boolean keepServer;
            synchronized (this) {
                keepServer = clientDropped && !dead;
            }
            quietlyClose(client);
            if (!keepServer) {
                quietlyClose(server);
                open.remove(this);
            }
        }
    }

    /** Closes with an RST (no lingering FIN handshake): the peer sees the connection broken. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // not connected or closed already
        }
        quietlyClose(socket);
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
