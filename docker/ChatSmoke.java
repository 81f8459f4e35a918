/*
 * Smoke test of one running hubchat: GET / and /health, then two WebSocket clients chat in a room
 * (one as a browser on the page at the given address would, with that address as its Origin),
 * and a DNS-rebinding handshake (Host and Origin a foreign name on the same port) is refused.
 * Used by docker/podman-smoke.sh against the containers; works against any running hubchat:
 *
 *   java docker/ChatSmoke.java http://127.0.0.1:8081        (Java 17+, no dependencies)
 *
 * Exit 0 when all checks pass, 1 (with the reason) otherwise; every wait is bounded (10 s).
 */
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public final class ChatSmoke {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0].replaceAll("/+$", "") : "http://127.0.0.1:8080";
        try {
            run(base);
            System.out.println("OK " + base);
        } catch (AssertionError | Exception e) {
            System.out.println("FAILED " + base + ": " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String base) throws Exception {
        HttpResponse<String> health = get(base + "/health");
        check(health.statusCode() == 200 && health.body().contains("\"status\":\"up\""),
                "GET /health: " + health.statusCode() + " " + health.body());
        System.out.println("  /health: " + health.body());

        HttpResponse<String> page = get(base + "/");
        check(page.statusCode() == 200 && page.body().toLowerCase().contains("<html"),
                "GET /: " + page.statusCode() + " (the chat page at the context root)");
        System.out.println("  /: 200, the chat page");

        String room = "smoke-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        String ws = base.replaceFirst("^http", "ws") + "/ws/" + room;
        Client ann = Client.open(ws + "?nick=ann", null);
        Client bob = Client.open(ws + "?nick=bob", base); // as the page at base: its public origin
        try {
            check(ann.await("\"type\":\"welcome\"").contains("\"you\":\"ann\""), "ann's welcome");
            check(bob.await("\"type\":\"welcome\"").contains("\"you\":\"bob\""), "bob's welcome");
            ann.socket.sendText("{\"type\":\"message\",\"text\":\"hello from ann\",\"cid\":\"c-1\"}", true)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String got = bob.await("\"type\":\"message\"");
            check(got.contains("\"text\":\"hello from ann\"") && got.contains("\"from\":\"ann\""),
                    "bob got ann's message: " + got);
            String ack = ann.await("\"type\":\"message\"");
            check(ack.contains("\"cid\":\"c-1\""), "ann's own copy carries her cid: " + ack);
            System.out.println("  ws /ws/" + room + ": ann -> bob delivered: " + got);
        } finally {
            ann.close();
            bob.close();
        }

        URI at = URI.create(base);
        String evil = "evil.example:" + at.getPort();
        String refused = handshakeStatus(at, evil, "http://" + evil);
        check(refused.startsWith("HTTP/1.1 403"), "a DNS-rebinding handshake (Host and Origin " + evil + ") is refused: " + refused);
        System.out.println("  ws with Host and Origin " + evil + ": " + refused);
    }

    /** The status line of a WebSocket handshake to {@code at} with these Host and Origin headers, sent as written. */
    private static String handshakeStatus(URI at, String host, String origin) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(at.getHost(), at.getPort()), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String request = "GET /ws/smoke-origin HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** A WebSocket client that queues every text frame it receives. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        /** Connects to {@code uri}, with the header {@code Origin: origin} unless it is null. */
        static Client open(String uri, String origin) throws Exception {
            Client c = new Client();
            WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
            if (origin != null) {
                builder.header("Origin", origin);
            }
            c.socket = builder.buildAsync(URI.create(uri), c).get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            return c;
        }

        /** The next frame containing {@code marker}, skipping others; fails after 10 s. */
        String await(String marker) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new AssertionError("no frame with " + marker + " within " + TIMEOUT);
                }
                if (f.contains(marker)) {
                    return f;
                }
            }
        }

        void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Closing anyway.
            }
            socket.abort();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
