package hubchat.cluster;

import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RateLimitsOff;
import hubchat.testing.RawWebSocket;
import hubchat.testing.RedisServer;
import hubchat.testing.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A rolling restart on the real containers, each sent SIGTERM as an orchestrator would: the
 * hub's drain runs before the container closes its sessions (see {@code hubchat.app.DrainFirst}),
 * so a reading client gets every message acknowledged before the signal, then 1001
 * {@code restarting} (not the container's own 1001); meanwhile {@code /health/ready} is 503
 * {@code draining}, {@code /health/live} 200 and a handshake is refused with 503; a client that
 * stopped reading holds the drain open until {@code CHAT_DRAIN_SECONDS}, and no longer. And
 * readiness follows the engine: Redis stopped, 503 {@code engine_unavailable}; back, 200.
 * A pair of servers of its own on a Redis of its own (not {@link TwoServers}: it stops them).
 */
@Tag(OnTwoServers.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingRestartIT {
    /** Long enough to look at a draining server from outside; the stalled reader holds it open that long. */
    private static final int DRAIN_SECONDS = 8;
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Beyond the drain, what a container may take to stop (Payara Micro undeploys, then stops its runtime). */
    private static final Duration CONTAINER_STOP = Duration.ofSeconds(30);
    /** Messages posted before the signal: about 500 KB to the stalled reader, so Tomcat's writes to it stall. */
    private static final int MESSAGES = 350;
    private static final String FILLER = "x".repeat(1400);

    private static RedisServer redis;
    private static ServerPair pair;
    /** Keeps its connections: a stopping Tomcat accepts no new ones, but serves those it has. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() {
        redis = RedisServer.started(RedisServer.Options.DEFAULT);
        Map<String, String> tomcatEnv = new HashMap<>();
        tomcatEnv.put(Setting.REDIS_URL.env(), redis.url(0));
        tomcatEnv.put(Setting.DRAIN_SECONDS.env(), String.valueOf(DRAIN_SECONDS));
        RateLimitsOff.SETTINGS.forEach((setting, value) -> tomcatEnv.put(setting.env(), value));
        List<String> payaraJvm = Stream.concat(Stream.of("-Dchat.redis.url=" + redis.url(0),
                "-Dchat.drain.seconds=" + DRAIN_SECONDS), Stream.of(RateLimitsOff.systemProperties())).toList();
        pair = ServerPair.start(ServerPair.folder("rolling-restart"), new ServerPair.TomcatSetup(tomcatEnv, Map.of()),
                new ServerPair.PayaraSetup(payaraJvm, Map.of(), List.of()));
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void readinessIs503EngineUnavailableWhileRedisIsDownAnd200WhenItIsBack() throws Exception {
        for (ServerPair.Container c : ServerPair.Container.values()) {
            assertEquals("200 {\"status\":\"ready\"}", get(pair.server(c), "health/ready"), c.name());
        }
        redis.stop();
        try {
            for (ServerPair.Container c : ServerPair.Container.values()) {
                String down = "503 {\"status\":\"not_ready\",\"reason\":\"engine_unavailable\",\"engine\":\"redis\"}";
                assertEquals(down, awaitGet(pair.server(c), "health/ready", down), c.name());
                assertEquals("200 {\"status\":\"live\"}", get(pair.server(c), "health/live"), c.name() + ": alive all the same");
            }
        } finally {
            redis.start();
        }
        for (ServerPair.Container c : ServerPair.Container.values()) {
            assertEquals("200 {\"status\":\"ready\"}", awaitGet(pair.server(c), "health/ready", "200 {\"status\":\"ready\"}"), c.name());
        }
    }

    @Test
    @Order(2)
    void sigtermOnTomcatDrainsBeforeTheContainerCloses() throws Exception {
        drainsOnSigterm(pair.server(ServerPair.Container.TOMCAT));
    }

    @Test
    @Order(3)
    void sigtermOnPayaraDrainsBeforeTheContainerCloses() throws Exception {
        drainsOnSigterm(pair.server(ServerPair.Container.PAYARA));
    }

    private void drainsOnSigterm(ServerProcess server) throws Exception {
        String room = "drain-" + server.name().replaceAll("[^A-Za-z]", "");
        URI base = server.base();
        try (JdkChatClient ann = JdkChatClient.connect(server.ws(room, "nick=ann"));
             JdkChatClient bob = JdkChatClient.connect(server.ws(room, "nick=bob"));
             RawWebSocket stalled = RawWebSocket.connect(base.getHost(), base.getPort(),
                     base.getPath() + "ws/" + room + "?nick=stalled", 4096)) {
            ann.awaitType("welcome", WAIT);
            bob.awaitType("welcome", WAIT);
            assertEquals("200 {\"status\":\"ready\"}", get(server, "health/ready")); // opens the connection the probes reuse
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                acknowledged.add(bob.post(i + " " + FILLER, "c" + i, WAIT));
            }

            long signalled = System.nanoTime();
            server.terminate();
            Prober prober = new Prober(server, room);
            prober.start();

            List<String> got = new ArrayList<>(); // ann read none of them before the signal
            while (ann.closeCode() == null || !ann.pending().isEmpty()) {
                String frame = ann.poll(Duration.ofMillis(200));
                if (frame != null && "message".equals(JsonFrames.type(JsonFrames.parse(frame)))) {
                    got.add((String) JsonFrames.parse(frame).get("id"));
                }
            }
            assertClosedFor(Disconnect.RESTARTING, ann.awaitClose(WAIT), ann.closeReason()); // the hub's close, not the container's
            assertEquals(acknowledged, got, "every acknowledged message, once, in order, before the close");
            assertClosedFor(Disconnect.RESTARTING, bob.awaitClose(WAIT), bob.closeReason());
            long readersClosed = System.nanoTime();
            assertTrue(server.awaitExit(Duration.ofSeconds(DRAIN_SECONDS).plus(CONTAINER_STOP)),
                    server.name() + " exits within the drain timeout and its own stop; its console ends:\n" + server.consoleTail());
            long exited = System.nanoTime();
            prober.join();
            System.out.printf("%s: readers closed %d ms and the process gone %d ms after SIGTERM; probes meanwhile: %s%n",
                    server.name(), (readersClosed - signalled) / 1_000_000, (exited - signalled) / 1_000_000, prober.answers);
            // Before the signal took effect a probe may still see the running node. Once a probe saw
            // the stop (readiness 503, ours or the container's own while it undeploys: Payara Micro
            // answers 503 for the whole context; or no new connection: Tomcat pauses its connector),
            // the node is never ready again and no handshake is accepted.
            List<String> answers = prober.answers;
            int from = 0;
            while (from < answers.size() && !answers.get(from).startsWith("ready 503") && !answers.get(from).startsWith("ready IOException")
                    && !answers.get(from).contains("ConnectException")) {
                from++;
            }
            assertTrue(from < answers.size(), "the probes saw the stop: " + answers);
            for (String answer : answers.subList(from, answers.size())) {
                // Refusals vary with the container's own undeploy (Payara Micro answers 404 or 503
                // for the whole context for a while); what must never be is an accepted handshake.
                assertTrue(!answer.startsWith("ready 200") && !answer.equals("ws 101"),
                        "once stopping: never ready again, no handshake accepted: " + answer + " in " + answers);
            }
        }
    }

    /**
     * Asks a stopping server, until it is gone, for its readiness, its liveness and a handshake,
     * and keeps every distinct answer (a refused connection as its exception's name).
     */
    private final class Prober extends Thread {
        private void add(String answer) {
            if (answers.isEmpty() || !answers.get(answers.size() - 1).equals(answer)) {
                answers.add(answer);
            }
        }

        /** Every answer in order; a run of equal answers kept once. */
        final List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ServerProcess server;
        private final String room;

        Prober(ServerProcess server, String room) {
            super("prober");
            this.server = server;
            this.room = room;
        }

        @Override
        public void run() {
            while (server.isAlive()) {
                for (String[] probe : new String[][] {{"ready", "health/ready"}, {"live", "health/live"}}) {
                    try {
                        add(probe[0] + " " + get(server, probe[1]));
                    } catch (IOException e) {
                        add(probe[0] + " " + e.getClass().getSimpleName());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                add("ws " + handshake(server, room));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * A real WebSocket handshake with the server: "101" if it upgraded (closed again at once),
     * else the status it refused with (and "restarting" if the filter's reason says so), or
     * the name of the exception that stopped it (a refused connection).
     */
    private String handshake(ServerProcess server, String room) {
        try {
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(server.ws(room, "nick=late"), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS);
            ws.abort();
            return "101";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> r = refused.getResponse();
                return r.statusCode() + (String.valueOf(r.body()).contains(Disconnect.RESTARTING.token()) ? " restarting" : "");
            }
            return e.getCause().getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (TimeoutException e) {
            return "TimeoutException";
        }
    }

    /** {@code GET path} on the server's app: "status body". */
    private String get(ServerProcess server, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.base().resolve(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    /** {@link #get} again until it answers {@code expected} (returned) or {@link #WAIT} passes (the last answer). */
    private String awaitGet(ServerProcess server, String path, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                last = get(server, path);
                if (last.equals(expected)) {
                    return last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        return last;
    }
}
