package hubchat.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw TCP connections to a server that start a WebSocket upgrade request and never finish it,
 * as a slowloris attacker does: each sends its request a few bytes at a time, or not at all,
 * while this class watches for the server to close it. One thread (the caller's) drives them
 * all: {@link #send} writes the next bytes of each open one, {@link #watch} waits for closes.
 */
public final class UnfinishedHandshakes implements AutoCloseable {

    /** One connection: how much of its request it sent, when it last sent, when it was closed. */
    public static final class Handshake {
        private final SocketChannel channel;
        private int sent;
        private long lastSentNanos;
        private long closedNanos = -1;
        private String answer = "";

        private Handshake(SocketChannel channel) {
            this.channel = channel;
        }

        public boolean isClosed() {
            return closedNanos >= 0;
        }

        /** Bytes of the request written to the socket so far. */
        public int sent() {
            return sent;
        }

        /** Milliseconds from the last byte this side sent (or the connect) to the server's close; -1 while open. */
        public long millisFromLastByteToClose() {
            return isClosed() ? (closedNanos - lastSentNanos) / 1_000_000 : -1;
        }

        /** The first line of what the server answered before closing, or "" for none. */
        public String answer() {
            return answer;
        }
    }

    private final Selector selector;
    private final List<Handshake> handshakes = new ArrayList<>();
    private final byte[] request;

    /**
     * {@code count} connections to {@code host:port}, each to send {@code request} (which may be
     * longer than the server accepts). Nothing is sent yet.
     */
    public static UnfinishedHandshakes open(String host, int port, int count, byte[] request) throws IOException {
        UnfinishedHandshakes all = new UnfinishedHandshakes(request);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
                channel.configureBlocking(false);
                Handshake h = new Handshake(channel);
                h.lastSentNanos = System.nanoTime();
                channel.register(all.selector, SelectionKey.OP_READ, h);
                all.handshakes.add(h);
            }
        } catch (IOException | RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    /** A WebSocket upgrade request for {@code path} on {@code host:port}, then {@code padding} bytes of one more header. */
    public static byte[] upgradeRequest(String host, int port, String path, int padding) {
        String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
        String pad = padding > 0 ? "X-Padding: " + "a".repeat(padding) + "\r\n" : "";
        return (head + pad + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private UnfinishedHandshakes(byte[] request) throws IOException {
        this.selector = Selector.open();
        this.request = request.clone();
    }

    public List<Handshake> all() {
        return List.copyOf(handshakes);
    }

    public long openCount() {
        return handshakes.stream().filter(h -> !h.isClosed()).count();
    }

    /**
     * Writes the next {@code bytes} bytes of its request on every connection still open, after
     * reading what the server sent (so that an answer before a close is kept).
     */
    public void send(int bytes) throws IOException {
        watch(0);
        for (Handshake h : handshakes) {
            if (h.isClosed() || h.sent >= request.length) {
                continue;
            }
            int n = Math.min(bytes, request.length - h.sent);
            try {
                int written = h.channel.write(ByteBuffer.wrap(request, h.sent, n));
                h.sent += written;
                h.lastSentNanos = System.nanoTime();
            } catch (IOException closedByServer) {
                read(h);
                closed(h);
            }
        }
    }

    /** Watches for closes for {@code millis} (0: only what is there now), or until every connection is closed. */
    public void watch(long millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000;
        do {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (millis > 0 && left <= 0) {
                return;
            }
            if (millis > 0) {
                selector.select(left);
            } else {
                selector.selectNow();
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Handshake h = (Handshake) key.attachment();
                if (!read(h)) {
                    closed(h);
                }
            }
            selector.selectedKeys().clear();
        } while (millis > 0 && openCount() > 0);
    }

    /** Reads what the server sent, keeping its first line; false once the server closed. */
    private boolean read(Handshake h) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            int read = h.channel.read(buffer);
            if (read > 0 && h.answer.isEmpty()) {
                String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
                h.answer = text.lines().findFirst().orElse("");
            }
            return read >= 0;
        } catch (IOException reset) {
            return false;
        }
    }

    private void closed(Handshake h) {
        if (!h.isClosed()) {
            h.closedNanos = System.nanoTime();
            SelectionKey key = h.channel.keyFor(selector);
            if (key != null) {
                key.cancel();
            }
            try {
                h.channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Handshake h : handshakes) {
            closed(h);
        }
        selector.close();
    }
}
