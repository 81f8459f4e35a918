package hubchat.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Test helper: a chat client on the JDK's own WebSocket client ({@link java.net.http.WebSocket}),
 * for tests against a running server. Text frames are collected in arrival order; a binary frame
 * is recorded as the string {@code "<binary N bytes>"}. The server's close code is kept.
 *
 * <pre>
 * try (JdkChatClient ann = JdkChatClient.connect(URI.create("ws://localhost:8080/ws/lobby?nick=ann"))) {
 *     Map&lt;String, Object&gt; welcome = ann.awaitType("welcome", Duration.ofSeconds(5));
 *     ann.send("{\"type\":\"message\",\"text\":\"hi\"}");
 * }
 * </pre>
 *
 * A refused handshake makes {@link #connect} throw {@link java.net.http.WebSocketHandshakeException},
 * whose {@code getResponse().statusCode()} is the HTTP status (e.g. 403).
 */
public final class JdkChatClient implements AutoCloseable {

    /** Longest a handshake may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private volatile Throwable error;
    private final WebSocket ws;

    private JdkChatClient(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        headers.forEach(builder::header);
        try {
            ws = builder.buildAsync(uri, new Listener()).get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IOException io) {
                throw io; // WebSocketHandshakeException for a refused upgrade (HTTP 4xx)
            }
            throw new IOException("WebSocket connect to " + uri + " failed", cause);
        } catch (TimeoutException e) {
            throw new IOException("WebSocket connect to " + uri + " timed out", e);
        }
    }

    /** Opens a connection without an {@code Origin} header (as a non-browser client). */
    public static JdkChatClient connect(URI uri) throws IOException, InterruptedException {
        return new JdkChatClient(uri, Map.of());
    }

    /** Opens a connection with the given {@code Origin} header (as a browser would), or none if null. */
    public static JdkChatClient connect(URI uri, String origin) throws IOException, InterruptedException {
        return new JdkChatClient(uri, origin == null ? Map.of() : Map.of("Origin", origin));
    }

    /** Opens a connection whose handshake carries {@code headers} (e.g. {@code Authorization}). */
    public static JdkChatClient connect(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return new JdkChatClient(uri, headers);
    }

    /** Sends one text frame and waits until it is handed to the network. */
    public void send(String text) {
        ws.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next received frame; fails if none arrives within {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        String frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + timeout + describeState());
        }
        return frame;
    }

    /** The next received frame, or null if none arrives within {@code timeout}. */
    public String poll(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The next frame (parsed) whose {@code type} is {@code type}; frames of other types before it
     * are skipped. Fails if none arrives within {@code timeout}.
     */
    public Map<String, Object> awaitType(String type, Duration timeout) throws InterruptedException {
        return await(f -> type.equals(JsonFrames.type(f)), "a '" + type + "' frame", timeout);
    }

    /**
     * The next frame (parsed) that matches {@code condition}; other frames before it are skipped.
     * Fails, listing the skipped frames, if none arrives within {@code timeout}.
     */
    public Map<String, Object> await(Predicate<Map<String, Object>> condition, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
            if (frame == null) {
                throw new AssertionError("no " + what + " within " + timeout + "; skipped " + skipped
                        + describeState());
            }
            if (frame.startsWith("<binary")) {
                skipped.add(frame);
                continue;
            }
            Map<String, Object> parsed = JsonFrames.parse(frame);
            if (condition.test(parsed)) {
                return parsed;
            }
            skipped.add(frame);
        }
    }

    /**
     * Sends a message with {@code cid} and returns the id of the copy that comes back with it
     * (the sender's acknowledgement); fails if it does not within {@code timeout}.
     */
    public String post(String text, String cid, Duration timeout) throws InterruptedException {
        send("{\"type\":\"message\",\"text\":" + JsonFrames.quote(text) + ",\"cid\":" + JsonFrames.quote(cid) + "}");
        Map<String, Object> own = await(f -> "message".equals(f.get("type")) && cid.equals(f.get("cid")),
                "the copy of " + cid, timeout);
        return (String) own.get("id");
    }

    /** The close code the server sent (or 1006 if the connection dropped); fails on timeout. */
    public int awaitClose(Duration timeout) throws InterruptedException {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection not closed within " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** The close code if the connection is closed, else null. */
    public Integer closeCode() {
        return closeCode.getNow(null);
    }

    public String closeReason() {
        return closeReason;
    }

    /** Frames received and not yet taken. */
    public List<String> pending() {
        return List.copyOf(frames);
    }

    /** Closes with 1000 (if still open) and drops the connection. */
    @Override
    public void close() {
        try {
            if (!ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).join();
                // The server's answering close frame means it has handled ours (and so the hub has
                // let this client go), so a test that counts connections next sees a settled count.
                closeCode.get(2, TimeUnit.SECONDS);
            }
        } catch (RuntimeException | ExecutionException | TimeoutException ignored) {
            // Already closing or broken, or no answer: abort below is enough.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ws.abort();
        }
    }

    private String describeState() {
        Integer code = closeCode();
        return (code != null ? "; closed with " + code + " " + closeReason : "")
                + (error != null ? "; error " + error : "");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private int binaryBytes;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            binaryBytes += data.remaining();
            if (last) {
                frames.add("<binary " + binaryBytes + " bytes>");
                binaryBytes = 0;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null; // the JDK then answers the close
        }

        @Override
        public void onError(WebSocket webSocket, Throwable e) {
            error = e;
            closeCode.complete(1006);
        }
    }
}
