package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.PayaraMicroLauncher;
import hubchat.testing.ServerProcess;
import hubchat.testing.TomcatLauncher;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAR on a real Tomcat 11 and a real Payara Micro 6, each stopped (SIGTERM) and started again
 * on the same data folder ({@code CHAT_DATA_DIR}, the embedded database): history is still
 * there, a {@code since} from before the restart resumes with exactly what came after it, and
 * ids go on without repeating. Runs with the two-server suites (their execution has both
 * distributions and both WARs), with servers of its own, one at a time, and no Redis.
 */
@Tag(OnTwoServers.TAG)
class RestartOnSameDataIT {
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path data;
    @TempDir
    Path servers;

    @Test
    void tomcatKeepsHistoryAndSinceAcrossARestart() throws Exception {
        historySurvivesARestart(run -> TomcatLauncher.launch(
                Path.of(property("it.tomcat.home", "target/tomcat/apache-tomcat-11.0.24")),
                servers.resolve("tomcat-" + run), Path.of(property("it.tomcat.war", "target/hubchat-tomcat.war")),
                "chat", JVM, Map.of("CHAT_DATA_DIR", data.toString())));
    }

    @Test
    void payaraMicroKeepsHistoryAndSinceAcrossARestart() throws Exception {
        historySurvivesARestart(run -> PayaraMicroLauncher.launch(
                Path.of(property("it.payara.java", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                Path.of(property("it.payara.jar", "target/payara-micro/payara-micro-6.2025.10.jar")),
                servers.resolve("payara-" + run), Path.of(property("it.plain.war", "target/hubchat.war")),
                "chat", concat(JVM, "-Dchat.data.dir=" + data), Map.of()));
    }

    private void historySurvivesARestart(Function<Integer, ServerProcess> launch) throws Exception {
        List<String> said = new ArrayList<>();
        try (ServerProcess first = started(launch.apply(1))) {
            try (JdkChatClient ann = join(first, "nick=ann")) {
                for (int i = 0; i < 3; i++) {
                    said.add(ann.post("before " + i, "c-" + i, WAIT));
                }
            }
        } // SIGTERM, as an operator's restart
        try (ServerProcess second = started(launch.apply(2))) {
            try (JdkChatClient back = join(second, "nick=ann&since=" + URLEncoder.encode(said.get(0), StandardCharsets.UTF_8))) {
                Map<String, Object> welcome = back.awaitType("welcome", WAIT);
                assertEquals(true, welcome.get("resumed"), second.consoleTail());
                assertEquals(said.subList(1, 3), JsonFrames.historyIds(welcome), "exactly what came after the since");
                String again = back.post("before 2", "c-2", WAIT);
                assertEquals(said.get(2), again, "a re-send after the restart is the message stored before it");
                String after = back.post("after", "c-9", WAIT);
                assertFalse(said.contains(after), "ids never repeat");
                said.add(after);
            }
            try (JdkChatClient late = join(second, "nick=bob")) {
                assertEquals(said, JsonFrames.historyIds(late.awaitType("welcome", WAIT)), "the whole history, once, in order");
            }
        }
    }

    private static ServerProcess started(ServerProcess server) {
        server.awaitUp(START);
        return server;
    }

    private static JdkChatClient join(ServerProcess server, String query) throws Exception {
        return JdkChatClient.connect(server.ws("kept", query));
    }

    private static String property(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }
}
