package hubchat.bench;

import hubchat.testing.PayaraMicroLauncher;
import hubchat.testing.ServerProcess;
import hubchat.testing.TomcatLauncher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How long a real server takes from SIGTERM to the end of its process with many clients
 * connected, and how many of them were closed with 1001 {@code restarting} (the drain's close)
 * rather than anything else: {@code bench/sigterm.sh} runs it three times per container.
 * Starts Tomcat or Payara Micro with the built WAR (as the two-server tests do), connects the
 * clients (JDK WebSocket, in rooms of 100), sends SIGTERM and prints one line of results: the
 * time to the process's end, and to the last client's close (the drain's end, seen from outside).
 *
 * <p>Arguments: {@code tomcat|payara CLIENTS DIR [DRAIN_SECONDS]} (the drain timeout, default 5). Not a test: no timing is asserted anywhere.
 */
public final class SigtermToExit {
    /** Clients per room. */
    private static final int ROOM_SIZE = 100;
    private static final Duration START = Duration.ofSeconds(180);
    private static final List<String> JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC");

    private SigtermToExit() {
    }

    public static void main(String[] args) throws Exception {
        String container = args[0];
        int clients = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        String drainSeconds = args.length > 3 ? args[3] : "5";
        Map<String, String> env = Map.of("CHAT_MAX_CONNECTIONS_PER_ADDRESS", "0", "CHAT_STORE", "memory",
                "CHAT_NEW_ROOMS_PER_MINUTE", "0", "CHAT_DRAIN_SECONDS", drainSeconds);
        ServerProcess server = container.equals("tomcat")
                ? TomcatLauncher.launch(Path.of("target/tomcat/apache-tomcat-11.0.24"), dir, Path.of("target/hubchat-tomcat.war"),
                        "chat", JVM, env)
                : PayaraMicroLauncher.launch(Path.of(System.getProperty("java.home"), "bin", "java"),
                        Path.of("target/payara-micro/payara-micro-6.2025.10.jar"), dir, Path.of("target/hubchat.war"), "chat", JVM, env);
        try {
            server.awaitUp(START);
            HttpClient http = HttpClient.newHttpClient();
            Map<String, Integer> closes = new ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicLong lastClose = new java.util.concurrent.atomic.AtomicLong();
            List<CompletableFuture<Void>> closed = new ArrayList<>();
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                closed.add(done);
                opening.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                        .buildAsync(server.ws("sigterm" + i / ROOM_SIZE, "nick=c" + i), new Counting(closes, done, lastClose)));
                if (i % 50 == 49) {
                    CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            Thread.sleep(2000); // the welcomes and presence settle
            long signalled = System.nanoTime();
            server.terminate();
            boolean exited = server.awaitExit(Duration.ofSeconds(120));
            long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            int restarting = closes.getOrDefault("1001 restarting", 0);
            System.out.printf("RESULT container=%s clients=%d exited=%s sigterm_to_exit_ms=%d sigterm_to_last_close_ms=%d"
                    + " closed_1001_restarting=%d other_closes=%s%n",
                    container, clients, exited, exitMillis, (lastClose.get() - signalled) / 1_000_000, restarting, closes.entrySet().stream()
                            .filter(e -> !e.getKey().equals("1001 restarting")).toList());
        } finally {
            server.close();
        }
        System.exit(0);
    }

    /** Counts each close by code and reason token; reads every frame. */
    private record Counting(Map<String, Integer> closes, CompletableFuture<Void> done,
                            java.util.concurrent.atomic.AtomicLong lastClose) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closes.merge(code + " " + reason.split(":", 2)[0], 1, Integer::sum);
            lastClose.accumulateAndGet(System.nanoTime(), Math::max);
            done.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closes.merge("error " + error.getClass().getSimpleName(), 1, Integer::sum);
            done.complete(null);
        }
    }
}
