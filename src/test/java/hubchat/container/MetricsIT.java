package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Disconnect;
import hubchat.protocol.ErrorCode;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.PrometheusText;
import hubchat.testing.RawWebSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on a real container: readable from loopback (the tests' client), well
 * formed Prometheus text with every name of the dashboards' contract, and, after a scripted chat
 * over real WebSockets, its counters moved by exactly that chat's messages, deliveries and ends
 * by cause (read before and after, as other suites share the server). The container's log then
 * holds the chat's connection lines and never its text or resume secret. On Payara, whose own
 * MicroProfile Metrics would answer {@code /metrics} at the server root to anyone, that service
 * is off (docker/payara-micro/pre-boot-commands.txt): ours are the only metrics served
 * (hubchat.cluster.PayaraRootMetricsIT: at context root {@code /}, ours answer {@code /metrics}).
 */
class MetricsIT extends OnContainer {
    /** Every metric name the dashboards rely on. */
    private static final List<String> CONTRACT = List.of("hubchat_connections", "hubchat_rooms", "hubchat_ready",
            "hubchat_messages_received_total", "hubchat_deliveries_total", "hubchat_disconnects_total",
            "hubchat_errors_total", "hubchat_handshakes_refused_total", "hubchat_fanout_seconds_count",
            "hubchat_send_queue_bytes_bucket", "hubchat_engine_seconds_count", "hubchat_engine_failures_total",
            "hubchat_engine_info", "jvm_memory_", "jvm_gc_", "jvm_threads_", "process_");

    @Test
    void metricsAreReadableFromLoopbackAsPrometheusTextWithEveryContractName() throws Exception {
        HttpResponse<String> response = get("metrics");
        assertEquals(200, response.statusCode(), "GET /metrics from loopback: " + response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), "Content-Type: " + type);
        PrometheusText scrape = PrometheusText.parse(response.body());
        for (String name : CONTRACT) {
            assertTrue(scrape.samples().keySet().stream().anyMatch(s -> s.startsWith(name)), name + " is in the scrape");
        }
        assertEquals("counter", scrape.type("hubchat_disconnects_total"));
        assertEquals("histogram", scrape.type("hubchat_fanout_seconds"));
        assertEquals(1, scrape.count("hubchat_ready"));
        for (Disconnect cause : Disconnect.values()) {
            assertTrue(scrape.has("hubchat_disconnects_total{cause=\"" + cause.token() + "\"}"), cause.token());
        }
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(scrape.has("hubchat_errors_total{code=\"" + code.wire() + "\"}"), code.wire());
        }
    }

    @Test
    void aScriptedChatMovesTheCountersByExactlyItsMessagesDeliveriesAndEnds() throws Exception {
        String room = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        String said = "never-in-a-log-" + UUID.randomUUID();
        PrometheusText before = settled(s -> true);
        String secret;
        try (ServerLog log = ServerLog.fromNow()) {
            JdkChatClient ann = JdkChatClient.connect(ws(room, "nick=ann"));
            secret = (String) ann.awaitType("welcome", WAIT).get("resume");
            JdkChatClient bob = JdkChatClient.connect(ws(room, "nick=bob"));
            bob.awaitType("welcome", WAIT);
            RawWebSocket cat = RawWebSocket.connect("localhost", base.getPort(), base.getPath() + "ws/" + room + "?nick=cat", 0);
            readUntil(cat, f -> "welcome".equals(JsonFrames.type(f)), 1);
            ann.post(said + " 1", "c1", WAIT);
            ann.post(said + " 2", "c2", WAIT);
            bob.post(said + " 3", "c3", WAIT);
            // Each sender has its own copy back: its room has fanned the message out to all three.
            readUntil(cat, f -> "message".equals(JsonFrames.type(f)), 3);

            JdkChatClient dan = JdkChatClient.connect(ws(room, "nick=dan"));
            dan.awaitType("welcome", WAIT);
            dan.send("x".repeat(16385));
            dan.awaitClose(WAIT);
            dan.close();
            ann.close();
            bob.close();
            cat.reset();

            // ann and bob closed, cat lost, dan too big: four ends.
            PrometheusText after = settled(s -> endsSince(before, s) >= 4);
            assertEquals(3, delta(before, after, "hubchat_messages_received_total"), "messages");
            assertEquals(9, delta(before, after, "hubchat_deliveries_total"), "3 messages to 3 members");
            for (Disconnect cause : Disconnect.values()) {
                long expected = switch (cause) {
                    case CLIENT_CLOSED -> 2;
                    case CONNECTION_LOST, TOO_BIG -> 1;
                    default -> 0;
                };
                assertEquals(expected, delta(before, after, "hubchat_disconnects_total{cause=\"" + cause.token() + "\"}"),
                        "ends for " + cause.token());
            }
            assertTrue(delta(before, after, "hubchat_fanout_seconds_count") >= 1, "the writes of messages are timed");

            String logged = awaitLogged(log, "cause=connection_lost");
            assertTrue(logged.contains("room=" + room + " nick=ann"), "ann's connect line:\n" + logged);
            assertTrue(logged.contains("cause=too_big"), "dan's violation line:\n" + logged);
            assertFalse(logged.contains(said), "a message's text in the server log:\n" + logged);
            assertFalse(logged.contains(secret), "a resume secret in the server log");
        }
    }

    @Test
    void aHandshakeRefusedBeforeTheUpgradeIsCountedByItsStatus() throws Exception {
        PrometheusText before = scrape();
        ExecutionException e = assertThrows(ExecutionException.class, () -> HTTP.newWebSocketBuilder()
                .buildAsync(ws("bad%20room", "nick=ann"), new java.net.http.WebSocket.Listener() { }).get());
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, "refused: " + e.getCause());
        assertEquals(400, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        assertEquals(1, delta(before, scrape(), "hubchat_handshakes_refused_total{status=\"400\"}"));
    }

    @Test
    void noOtherMetricsAnswerAtTheServerRootAndOursStillDo() throws Exception {
        URI root = URI.create("http://localhost:" + base.getPort() + "/metrics");
        HttpResponse<String> atRoot = HTTP.send(HttpRequest.newBuilder(root).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // Payara Micro's MicroProfile Metrics would answer 200 there with its pools and JVM;
        // turned off by the pre-boot command file, it answers 403 "disabled"; Tomcat has no root app.
        assertEquals(onPayara() ? 403 : 404, atRoot.statusCode(), "GET /metrics at the server root: " + atRoot.body());
        assertFalse(atRoot.body().contains("# TYPE"), "no metrics at the server root");
        assertEquals(200, get("metrics").statusCode(), "ours still answer");
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = get("metrics");
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusText.parse(response.body());
    }

    /**
     * A scrape once no connection is open (earlier suites' clients have all been let go) and
     * {@code counted} holds: a connection leaves the gauge a moment before its end is counted.
     */
    private PrometheusText settled(Predicate<PrometheusText> counted) throws Exception {
        long deadline = System.nanoTime() + 3 * WAIT.toNanos();
        PrometheusText s = scrape();
        while (!(s.count("hubchat_connections") == 0 && counted.test(s)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = scrape();
        }
        assertEquals(0, s.count("hubchat_connections"), "connections still open");
        return s;
    }

    /** Connection ends counted between two scrapes, whatever their causes. */
    private static long endsSince(PrometheusText before, PrometheusText after) {
        long ends = 0;
        for (Disconnect cause : Disconnect.values()) {
            ends += delta(before, after, "hubchat_disconnects_total{cause=\"" + cause.token() + "\"}");
        }
        return ends;
    }

    private static long delta(PrometheusText before, PrometheusText after, String series) {
        return after.count(series) - before.count(series);
    }

    private static void readUntil(RawWebSocket raw, Predicate<Map<String, Object>> wanted, int n) throws Exception {
        int seen = 0;
        while (seen < n) {
            RawWebSocket.Frame f = raw.readFrame(WAIT);
            if (f.opcode() == RawWebSocket.OP_TEXT && wanted.test(JsonFrames.parse(f.text()))) {
                seen++;
            }
        }
    }

    /** The log once it holds {@code text} (Tomcat's file handler writes a moment later), or as it is after a wait. */
    private static String awaitLogged(ServerLog log, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String logged = log.text();
        while (!logged.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            logged = log.text();
        }
        return logged;
    }
}
