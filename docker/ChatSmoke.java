/*
 * Smoke test of one running hubchat: GET / and /health, then two WebSocket clients chat in a room.
 * Used by docker/podman-smoke.sh against the containers; works against any running hubchat:
 *
 *   java docker/ChatSmoke.java http://127.0.0.1:8081        (Java 17+, no dependencies)
 *
 * Exit 0 when all checks pass, 1 (with the reason) otherwise; every wait is bounded (10 s).
 */
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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
        Client ann = Client.open(ws + "?nick=ann");
        Client bob = Client.open(ws + "?nick=bob");
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

        static Client open(String uri) throws Exception {
            Client c = new Client();
            c.socket = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(uri), c).get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
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
