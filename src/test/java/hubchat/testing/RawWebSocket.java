package hubchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Test helper: a WebSocket client written by hand on a plain {@link Socket}, for what a
 * well-behaved client library will not do: stop reading altogether (a stalled peer), never
 * answer pings, put thousands of frames on the wire in a single write (a flood), split a
 * message into any number of fragments (empty ones too), or send unmasked frames.
 *
 * <p>Nothing is read unless a test asks for it: after {@link #connect} only the HTTP upgrade
 * response has been consumed.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Most bytes of a response head read: more is not a head worth reading on. */
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    /** One frame from the server (never fragmented by this server in practice; continuation is kept as is). */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or 1005 if it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        /** The reason of a close frame, empty if it has none. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a TCP connection and performs the upgrade for {@code pathAndQuery} (e.g.
     * {@code /ws/lobby?nick=ann}). {@code receiveBuffer} &gt; 0 sets SO_RCVBUF before connecting,
     * so a client that stops reading stalls the server after little data.
     */
    public static RawWebSocket connect(String host, int port, String pathAndQuery, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        try {
            ws.handshake(host, port, pathAndQuery);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return ws;
    }

    private void handshake(String host, int port, String pathAndQuery) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readResponseHead(in);
        if (!head.endsWith("\r\n\r\n")) {
            throw new EOFException("connection closed during the handshake: " + head);
        }
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head.strip());
        }
    }

    /**
     * An HTTP response's head, up to and with its blank line, read byte by byte so that not a
     * byte after it (a first frame, a body) is consumed; what came if the connection ended first.
     */
    public static String readResponseHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length && head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A masked client frame (FIN set) with {@code opcode} and {@code payload}. */
    public static byte[] frame(int opcode, byte[] payload) {
        return frame(true, opcode, payload, true);
    }

    /**
     * Any frame: {@code fin} false for a fragment that more will follow, {@code opcode}
     * {@link #OP_CONTINUATION} for every fragment after the first, {@code masked} false for
     * what RFC 6455 forbids a client to send.
     */
    public static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        int n = payload.length;
        if (n < 126) {
            f.write(maskBit | n);
        } else if (n <= 0xFFFF) {
            f.write(maskBit | 126);
            f.write(n >>> 8);
            f.write(n);
        } else {
            f.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) n >>> shift));
            }
        }
        if (!masked) {
            f.write(payload, 0, n);
            return f.toByteArray();
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        f.write(mask, 0, 4);
        for (int i = 0; i < n; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        return f.toByteArray();
    }

    /**
     * A text message cut into fragments of {@code fragmentBytes} (the last may be shorter),
     * masked, ready to write in one go. A fragment may end inside a UTF-8 sequence, as RFC 6455
     * allows.
     */
    public static byte[] fragments(String text, int fragmentBytes) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(all.length * 2 + 16);
        int at = 0;
        do {
            int end = Math.min(all.length, at + fragmentBytes);
            byte[] piece = Arrays.copyOfRange(all, at, end);
            out.writeBytes(frame(end == all.length, at == 0 ? OP_TEXT : OP_CONTINUATION, piece, true));
            at = end;
        } while (at < all.length);
        return out.toByteArray();
    }

    public static byte[] textFrame(String text) {
        return frame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes (any number of whole frames) in one go. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendText(String text) throws IOException {
        write(textFrame(text));
    }

    /** The next frame from the server; fails if none arrives within {@code timeout}. */
    public Frame readFrame(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int b0 = in.read();
        if (b0 < 0) {
            throw new EOFException("connection closed by the server");
        }
        int b1 = readByte();
        long n = b1 & 0x7F;
        if (n == 126) {
            n = (readByte() << 8) | readByte();
        } else if (n == 127) {
            n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | readByte();
            }
        }
        byte[] mask = null;
        if ((b1 & 0x80) != 0) {
            mask = in.readNBytes(4);
        }
        if (n > 64 * 1024 * 1024) {
            throw new IOException("absurd frame length " + n);
        }
        byte[] payload = in.readNBytes((int) n);
        if (payload.length != n) {
            throw new EOFException("connection closed inside a frame");
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame(b0 & 0x0F, payload);
    }

    /**
     * Reads (and drops) frames until a close frame; returns its status code. Fails if none
     * arrives within {@code timeout} in all.
     */
    public int awaitClose(Duration timeout) throws IOException {
        return awaitCloseFrame(timeout).closeCode();
    }

    /** Like {@link #awaitClose}, but the whole close frame: code and reason. */
    public Frame awaitCloseFrame(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new AssertionError("no close frame within " + timeout);
            }
            Frame f;
            try {
                f = readFrame(Duration.ofMillis(left));
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no close frame within " + timeout, e);
            }
            if (f.opcode() == OP_CLOSE) {
                return f;
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed inside a frame header");
        }
        return b;
    }

    /** Drops the TCP connection (no close handshake). */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * Resets the TCP connection: SO_LINGER 0, then close, so the peer gets an RST instead of a
     * FIN, as from a client whose process or network died mid-stream.
     */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
