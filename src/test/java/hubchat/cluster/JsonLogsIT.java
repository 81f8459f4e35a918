package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.PayaraMicroLauncher;
import hubchat.testing.ServerProcess;
import hubchat.testing.TomcatLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CHAT_LOG_FORMAT=json} on a real Tomcat 11 and a real Payara Micro 6: the connection
 * lines of a chat reach the server's standard output as one JSON object per line, with their
 * fields as fields, and not also in the container's own format. Runs with the two-server suites
 * (their execution has both distributions and both WARs), on servers of its own, one at a time.
 */
@Tag(OnTwoServers.TAG)
class JsonLogsIT {
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path servers;

    @Test
    void tomcatWritesTheConnectionLinesAsJson() throws Exception {
        connectionLinesAreJson(TomcatLauncher.launch(
                Path.of(property("it.tomcat.home", "target/tomcat/apache-tomcat-11.0.24")),
                servers.resolve("tomcat"), Path.of(property("it.tomcat.war", "target/hubchat-tomcat.war")),
                "chat", JVM, Map.of("CHAT_LOG_FORMAT", "json", "CHAT_STORE", "memory")));
    }

    @Test
    void payaraMicroWritesTheConnectionLinesAsJson() throws Exception {
        connectionLinesAreJson(PayaraMicroLauncher.launch(
                Path.of(property("it.payara.java", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                Path.of(property("it.payara.jar", "target/payara-micro/payara-micro-6.2025.10.jar")),
                servers.resolve("payara"), Path.of(property("it.plain.war", "target/hubchat.war")),
                "chat", JVM, Map.of("CHAT_LOG_FORMAT", "json", "CHAT_STORE", "memory")));
    }

    private static void connectionLinesAreJson(ServerProcess server) throws Exception {
        try (server) {
            server.awaitUp(START);
            try (JdkChatClient ann = JdkChatClient.connect(server.ws("json-logs", "nick=ann%20b"))) {
                ann.awaitType("welcome", WAIT);
                ann.post("not for the log", "c1", WAIT);
            }
            server.awaitConsole("\"message\":\"disconnect\"", WAIT);
            List<String> lines = server.console().lines().filter(l -> l.contains("hubchat.connections")).toList();
            assertFalse(lines.isEmpty(), server.consoleTail());
            for (String line : lines) {
                assertTrue(line.startsWith("{\"time\":"), "a connection line that is not JSON: " + line);
                Map<String, Object> o = JsonFrames.parse(line);
                assertEquals("hubchat.connections", o.get("logger"), line);
            }
            Map<String, Object> connect = JsonFrames.parse(lines.stream()
                    .filter(l -> l.contains("\"message\":\"connect\"")).findFirst().orElseThrow());
            assertEquals("json-logs", connect.get("room"));
            assertEquals("ann b", connect.get("nick"));
            assertEquals("INFO", connect.get("level"));
            Map<String, Object> end = JsonFrames.parse(lines.stream()
                    .filter(l -> l.contains("\"message\":\"disconnect\"")).findFirst().orElseThrow());
            assertEquals("client_closed", end.get("cause"));
            assertEquals(1000L, end.get("code"));
            assertTrue(end.get("ms") instanceof Long, "ms is a number: " + end);
            assertFalse(server.console().contains("not for the log"), "a message's text in the log");
        }
    }

    private static String property(String name, String otherwise) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? otherwise : v;
    }
}
