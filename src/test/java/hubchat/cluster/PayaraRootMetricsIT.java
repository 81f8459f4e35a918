package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.PayaraMicroLauncher;
import hubchat.testing.PrometheusText;
import hubchat.testing.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAR at context root {@code /} on a real Payara Micro 6, started as the Docker image starts
 * it (its pre-boot command file): {@code GET /metrics} is hubchat's own, not the MicroProfile
 * Metrics service that Payara Micro serves at {@code /metrics} of the root context. (Found on
 * Payara Micro 6.2025.10: at context root {@code /} the application's servlet answers even with
 * that service on; at any other context root the service answers the server's {@code /metrics}
 * to anyone, which is why the command file turns it off, see MetricsIT.) Runs with the
 * two-server suites (their execution has the distribution and the WAR), on a server of its own.
 */
@Tag(OnTwoServers.TAG)
class PayaraRootMetricsIT {
    private static final Duration START = Duration.ofSeconds(180);
    private static final List<String> JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path server;

    @Test
    void atContextRootSlashTheMetricsAreHubchatsOwn() throws Exception {
        try (ServerProcess payara = PayaraMicroLauncher.launch(
                Path.of(property("it.payara.java", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                Path.of(property("it.payara.jar", "target/payara-micro/payara-micro-6.2025.10.jar")),
                server, Path.of(property("it.plain.war", "target/hubchat.war")), "/", JVM, Map.of(),
                List.of("--prebootcommandfile", Path.of("docker/payara-micro/pre-boot-commands.txt").toAbsolutePath().toString()))) {
            payara.awaitUp(START);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(payara.base().resolve("metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body() + "\n" + payara.consoleTail());
            PrometheusText scrape = PrometheusText.parse(metrics.body());
            assertEquals(1, scrape.count("hubchat_ready"));
            assertTrue(scrape.samples().keySet().stream().anyMatch(s -> s.startsWith("jvm_memory_")), "our JVM metrics");
            assertFalse(metrics.body().contains("connection_pool_"), "Payara's own metrics are not served there");
        }
    }

    private static String property(String name, String otherwise) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? otherwise : v;
    }
}
