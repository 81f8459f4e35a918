package hubchat.fuzz;

import hubchat.testing.RawWebSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fuzzed client: a hand-written WebSocket client ({@link RawWebSocket}) that sends exactly
 * what a {@link Script} says, any query and any fragmentation, while a reader thread takes every
 * server frame as it comes (so the server never waits on it), answers pings, and answers the
 * server's close. Text frames must be strict UTF-8: one that is not could not have been written.
 */
final class FuzzClient implements AutoCloseable {
    private static final int OP_CONTINUATION = 0x0;
    private static final int FIN = 0x80;
    private static final int NORMAL_CLOSURE = 1000;
    /** What {@link RawWebSocket.Frame#closeCode()} says of a close frame without a code. */
    private static final int NO_CODE = 1005;
    /** The code RFC 6455 reserves for a connection dropped without a close frame. */
    static final int DROPPED = 1006;

    /** What the reader saw, in order. */
    private sealed interface Arrival {
    }

    private record Text(String json) implements Arrival {
    }

    private record Closed(int code, String reason) implements Arrival {
    }

    private record Broken(String problem) implements Arrival {
    }

    private final RawWebSocket ws;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final Thread reader;
    private boolean closeSent;
    private volatile Closed closed;

    private FuzzClient(RawWebSocket ws) {
        this.ws = ws;
        this.reader = new Thread(this::read, "fuzz-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Upgrades {@code target} (path and raw query) on the local server. */
    static FuzzClient connect(int port, String target) throws IOException {
        return new FuzzClient(RawWebSocket.connect("localhost", port, target, 0));
    }

    /**
     * Sends {@code text} as one text message in {@code parts} fragments (fewer if it has fewer
     * bytes), split at any byte. Returns the number of frames put on the wire, 0 if the
     * connection is gone.
     */
    int send(String text, int parts) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.max(1, Math.min(parts, payload.length));
        ByteBuffer wire = ByteBuffer.allocate(payload.length + 14 * n);
        for (int i = 0; i < n; i++) {
            byte[] piece = Arrays.copyOfRange(payload, i * payload.length / n, (i + 1) * payload.length / n);
            byte[] frame = RawWebSocket.frame(i == 0 ? RawWebSocket.OP_TEXT : OP_CONTINUATION, piece);
            if (i < n - 1) {
                frame[0] &= (byte) ~FIN;
            }
            wire.put(frame);
        }
        return write(Arrays.copyOf(wire.array(), wire.position())) ? n : 0;
    }

    /** Starts the closing handshake (1000) unless either side already did. */
    synchronized void sendClose() {
        if (!closeSent && closed == null) {
            closeSent = true;
            write(closeFrame(NORMAL_CLOSURE));
        }
    }

    /**
     * The next text frame, or null once the connection is closed ({@link #closeCode} says how).
     * Fails if nothing comes within {@code timeout}, or what came was not a well-formed frame.
     */
    String next(Duration timeout) throws InterruptedException {
        Arrival a = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (a == null) {
            throw new AssertionError("nothing from the server within " + timeout);
        }
        if (a instanceof Broken b) {
            throw new AssertionError(b.problem());
        }
        if (a instanceof Closed c) {
            arrivals.add(c); // stays the answer
            return null;
        }
        return ((Text) a).json();
    }

    /** The code of the server's close frame ({@link #DROPPED} if it dropped the connection), or null while open. */
    Integer closeCode() {
        Closed c = closed;
        return c == null ? null : c.code();
    }

    String closeReason() {
        Closed c = closed;
        return c == null ? null : c.reason();
    }

    @Override
    public void close() throws IOException {
        ws.close();
    }

    private void read() {
        while (true) {
            RawWebSocket.Frame f;
            try {
                f = ws.readFrame(Duration.ofMinutes(5));
            } catch (IOException e) {
                end(new Closed(DROPPED, String.valueOf(e)));
                return;
            }
            switch (f.opcode()) {
                case RawWebSocket.OP_TEXT -> arrivals.add(text(f.payload()));
                case RawWebSocket.OP_PING -> write(RawWebSocket.frame(RawWebSocket.OP_PONG, f.payload()));
                case RawWebSocket.OP_PONG -> {
                    // unsolicited pongs are allowed
                }
                case RawWebSocket.OP_CLOSE -> {
                    byte[] p = f.payload();
                    String reason = p.length > 2 ? new String(p, 2, p.length - 2, StandardCharsets.UTF_8) : "";
                    synchronized (this) {
                        if (!closeSent) {
                            closeSent = true;
                            write(closeFrame(f.closeCode()));
                        }
                    }
                    end(new Closed(f.closeCode(), reason));
                    return;
                }
                default -> arrivals.add(new Broken("a frame with opcode " + f.opcode() + " from the server"));
            }
        }
    }

    private void end(Closed c) {
        closed = c;
        arrivals.add(c);
    }

    private static Arrival text(byte[] payload) {
        try {
            return new Text(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            return new Broken("a text frame that is not UTF-8: " + Arrays.toString(payload));
        }
    }

    private synchronized boolean write(byte[] bytes) {
        try {
            ws.write(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A close frame with {@code code}; none for 1005, which says that the other side gave none. */
    private static byte[] closeFrame(int code) {
        byte[] payload = code == NO_CODE ? new byte[0] : new byte[] {(byte) (code >> 8), (byte) code};
        return RawWebSocket.frame(RawWebSocket.OP_CLOSE, payload);
    }
}
