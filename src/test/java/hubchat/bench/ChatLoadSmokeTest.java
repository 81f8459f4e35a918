package hubchat.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.endpoint.TyrusChatServer;
import hubchat.testing.JsonFrames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tool (src/bench/java), run for a few seconds with a few clients against the real
 * endpoint on the Tyrus test server, through its command line and its printed output, as
 * bench/run.sh uses it: every message sent must reach every client, the rates must be positive,
 * the reports must have the figures the table reads, and the table and the saturation check must
 * read them back. The server runs in this JVM, so the tool's server figures are this JVM's, and
 * with every rate limit off, as benchmarks run (docs/performance.md, "Method").
 */
class ChatLoadSmokeTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.PRESENCE_WINDOW_MS, 50).rateLimitsOff();

    /** Each run in a room of its own, so that no room history brings tokens of another run. */
    private static final AtomicInteger ROOMS = new AtomicInteger();
    /** Short phases: the whole class takes a few seconds. */
    private static final List<String> SHORT = List.of("--warmup", "300ms", "--drain", "500ms", "--settle", "100ms",
            "--settle-quiet", "200ms", "--settle-max", "5s", "--connect-timeout", "10s");
    /** Fields every sending report has, as bench/run.sh's table and the docs read them. */
    private static final Set<String> SENDING_FIELDS = Set.of("tool", "scenario", "url", "mode", "clients", "senders",
            "connected", "connect_time_s", "settle_time_s", "sent_window", "send_rate", "deliveries", "expected_deliveries",
            "delivery_ratio", "deliveries_per_s", "latency_ms", "client_cpu_s_window", "unexpected_closes", "server");

    @TempDir
    Path results;

    @Test
    void fanoutDeliversEveryMessageToEveryClientAndReportsIt() throws Exception {
        int clients = 12;
        String json = runJson("--scenario", "fanout", "--clients", "" + clients, "--senders", "3", "--duration", "1s");
        Map<String, Object> r = JsonFrames.parse(json);

        assertTrue(r.keySet().containsAll(SENDING_FIELDS), "report fields: " + r.keySet());
        assertEquals("fanout", r.get("scenario"));
        assertEquals((long) clients, r.get("connected"));
        assertEquals((long) clients, r.get("live_at_end"));
        assertEquals(0L, r.get("unexpected_closes"));
        long sent = (Long) r.get("sent_window");
        assertTrue(sent > 0, "messages sent in the window: " + sent);
        long receivers = (Long) r.get("receivers_per_message");
        assertEquals(Boolean.TRUE.equals(r.get("echo_counted")) ? clients : clients - 1, receivers);
        assertAll("every message sent in the window reached every client",
                () -> assertEquals(sent * receivers, r.get("expected_deliveries")),
                () -> assertEquals(r.get("expected_deliveries"), r.get("deliveries")),
                () -> assertEquals(1L, r.get("delivery_ratio")),
                () -> assertEquals(0L, r.get("clients_with_no_delivery")),
                () -> assertEquals(0L, r.get("foreign_tokens")),
                () -> assertEquals(0L, r.get("window_timeouts")));
        assertTrue(number(r, "deliveries_per_s") > 0 && number(r, "send_rate") > 0, "rates: " + r);
        assertLatencies(JsonFrames.object(r, "latency_ms"));
        Map<String, Object> server = JsonFrames.object(r, "server");
        assertEquals(ProcessHandle.current().pid(), server.get("pid"));
        assertTrue(number(server, "rss_kb_connected") > 0 && number(server, "cpu_s_per_million_deliveries") > 0,
                "server figures: " + server);

        // bench/run.sh's table reads the report back: one run, a positive median
        Files.writeString(results.resolve("chatload-fanout-1.json"), json);
        String table = run("--table", results.toString());
        Matcher row = Pattern.compile("(?m)^fanout +deliveries/s +([0-9]+) \\[[0-9]+ - [0-9]+\\] \\(1\\)").matcher(table);
        assertTrue(row.find() && Long.parseLong(row.group(1)) > 0, table);
        assertTrue(table.contains("1.00000 [1.00000 - 1.00000] (1)"), "delivered ratio row: " + table);
    }

    @Test
    void latencyRunPrintsTheTextSummary() throws Exception {
        String url = url();
        String text = run(withShort("--url", url, "--scenario", "latency", "--clients", "8", "--senders", "2", "--rate", "100",
                "--duration", "1s", "--server-pid", pid(), "-q"));

        assertTrue(text.startsWith("ChatLoad latency  " + url + "  clients=8 senders=2 size=100\n"), text);
        for (String label : List.of("connected", "sent", "delivered", "deliveries/s", "latency ms", "closes", "received",
                "this tool's CPU", "server")) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(label) + " +\\S").matcher(text).find(), label + " in:\n" + text);
        }
        Matcher delivered = Pattern.compile("(?m)^delivered +([0-9]+) / ([0-9]+) = 100\\.0000 %").matcher(text);
        assertTrue(delivered.find() && Long.parseLong(delivered.group(1)) > 0, "all delivered:\n" + text);
        assertEquals(delivered.group(2), delivered.group(1));
        assertTrue(text.contains("target 100 msg/s"), text);
    }

    @Test
    void saturationStepsUpToTheFirstFailureAndCheckStepAgrees() throws Exception {
        Map<String, Object> r = JsonFrames.parse(runJson("--scenario", "saturation", "--clients", "8", "--senders", "2",
                "--rates", "50,100", "--duration", "1s", "--sat-p99-ms", "10000"));

        List<Object> steps = JsonFrames.list(r, "steps");
        double maxRateOk = 0;
        for (int i = 0; i < steps.size(); i++) {
            @SuppressWarnings("unchecked") Map<String, Object> step = (Map<String, Object>) steps.get(i);
            double rate = number(step, "rate");
            double p99 = number(JsonFrames.object(step, "latency_ms"), "p99");
            boolean pass = p99 < 10_000 && number(step, "send_rate") >= 0.97 * rate; // and all delivered, below
            assertAll("step " + step,
                    () -> assertEquals(1L, step.get("delivery_ratio")),
                    () -> assertTrue(number(step, "deliveries_per_s") > 0 && number(step, "send_rate") > 0),
                    () -> assertEquals(pass, step.get("pass")));
            assertTrue(pass || i == steps.size() - 1, "no step after a failing one: " + steps);
            if (pass) maxRateOk = rate;
            // bench/run.sh's check of one step (as of wsload's): the default criteria, p99 < 100 ms
            Path file = results.resolve("step-" + i + ".json");
            Files.writeString(file, JsonText.write(step));
            int status = ChatLoad.execute(CommandLine.parse("--check-step", file.toString()), System.out);
            assertEquals(pass && p99 < 100 ? 0 : 1, status, "--check-step of " + step);
        }
        assertEquals(steps.size() == 2 && Boolean.TRUE.equals(((Map<?, ?>) steps.get(1)).get("pass")),
                "all steps passed".equals(r.get("stop_reason")), "stop reason " + r.get("stop_reason") + " of " + steps);
        assertEquals(maxRateOk, number(r, "max_rate_ok"));
    }

    @Test
    void idleConnectionsStayOpenForTheHold() throws Exception {
        Map<String, Object> r = JsonFrames.parse(runJson("--scenario", "idle", "--clients", "20", "--duration", "500ms"));

        assertEquals("idle", r.get("mode"));
        assertEquals(20L, r.get("connected"));
        assertEquals(20L, r.get("still_open_after_hold"));
        assertEquals(0L, r.get("unexpected_closes"));
        assertTrue(number(r, "frames_received") >= 20, "a welcome each at least: " + r);
        assertTrue(JsonFrames.object(r, "server").containsKey("rss_kb_per_conn"), "server: " + r.get("server"));
    }

    @Test
    void badCommandLinesAreRefused() {
        assertThrows(CannotRunException.class, () -> CommandLine.parse("--scenario", "fanout"), "no --url");
        assertThrows(CannotRunException.class, () -> CommandLine.parse("--url", url(), "--bogus", "1"));
        assertThrows(CannotRunException.class, () -> CommandLine.parse("--url", url(), "--clients", "2", "--senders", "3"));
        assertThrows(CannotRunException.class, () -> ChatLoad.target("ws://192.0.2.1:80/ws/x"), "not loopback");
        LoadOptions o = assertInstanceOf(CommandLine.Run.class,
                CommandLine.parse("--url", url(), "--scenario", "fanout", "--clients", "17", "--window=3")).options();
        assertAll("the preset, then the flags",
                () -> assertEquals(17, o.clients),
                () -> assertEquals(10, o.senders),
                () -> assertEquals(3, o.window),
                () -> assertEquals(5_000_000_000L, o.duration),
                () -> assertEquals(Scenario.CHAT_MESSAGE, o.send));
    }

    /** Runs the tool with --json and the short phases in a room of its own; returns its report. */
    private static String runJson(String... flags) throws Exception {
        return run(withShort(concat(List.of("--url", url(), "--server-pid", pid(), "--json", "-q"), flags))).strip();
    }

    /** Runs the tool's command line as main does (without its exit); returns what it printed. */
    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertEquals(0, ChatLoad.execute(CommandLine.parse(args), out), "exit status");
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String[] withShort(String... args) {
        return concat(List.of(args), SHORT.toArray(String[]::new));
    }

    private static String[] concat(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static String url() {
        return SERVER.uri("smoke-" + ROOMS.incrementAndGet(), null).toString();
    }

    private static String pid() {
        return String.valueOf(ProcessHandle.current().pid());
    }

    private static double number(Map<String, Object> m, String field) {
        return ((Number) m.get(field)).doubleValue();
    }

    private static void assertLatencies(Map<String, Object> l) {
        double previous = 0;
        for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
            double v = number(l, p);
            assertTrue(v > 0 && v >= previous, p + " in " + l);
            previous = v;
        }
    }
}
