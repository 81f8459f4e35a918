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
 * HTTP and WebSocket both pass (the browser's {@code Host} and {@code Origin} are the proxy's
 * address, which agree with each other).
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
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    private CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port, forwarding to {@code targetPort} on loopback. */
    public static CuttableProxy start(int targetPort) throws IOException {
        return new CuttableProxy(targetPort);
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
        for (Socket socket : open) {
            reset(socket);
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
            open.add(client);
            open.add(server);
            if (cut) { // cut while connecting
                dropAll();
                continue;
            }
            pump(client, server, "up");
            pump(server, client, "down");
        }
    }

    /** Copies {@code from} to {@code to} on a thread of its own; when one side ends, both close. */
    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // dropped: close both below
            } finally {
                quietlyClose(from);
                quietlyClose(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-" + direction + "-" + from.getPort());
        thread.setDaemon(true);
        thread.start();
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
