package hubchat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.admission.ClientAddresses;
import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.docker.DockerFilesTest.Dockerfile;
import hubchat.metrics.MetricsAccess;
import hubchat.protocol.Origin;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/compose.yml}, as {@code docker-compose config} reads it (no engine needed), is
 * the scale-out setup: Redis keeping an append-only file on a volume, PostgreSQL keeping its data
 * on a volume of its own, two app nodes (the Tomcat and the Payara Micro image) sharing both,
 * and the load balancer ({@code docker/haproxy/haproxy.cfg})
 * as the one port in front of them, sending connections to healthy nodes with no stickiness; and,
 * only in the profile {@code monitoring}, Prometheus scraping both nodes' /metrics and Grafana
 * showing them. That it all runs is the podman smoke test's job ({@code docker/podman-smoke.sh}),
 * all but the monitoring profile, whose images no registry here serves.
 */
@RequiresPrograms(SystemProgram.DOCKER_COMPOSE)
class ComposeFileTest {

    private static final Path COMPOSE_FILE = Path.of("docker/compose.yml");
    private static final Path HAPROXY_CFG = Path.of("docker/haproxy/haproxy.cfg");
    /** The app nodes: service name and the Dockerfile of its image. */
    private static final Map<String, Path> NODES = Map.of(
            "tomcat", Path.of("docker/tomcat/Dockerfile"), "payara", Path.of("docker/payara-micro/Dockerfile"));
    /** Where the official haproxy image reads its configuration. */
    private static final String HAPROXY_CFG_IN_IMAGE = "/usr/local/etc/haproxy/haproxy.cfg";
    /** Redis' own port, which the official image keeps. */
    private static final int REDIS_PORT = 6379;
    /** PostgreSQL's own port, which the official image keeps. */
    private static final int POSTGRES_PORT = 5432;
    /** Where the official postgres image keeps its cluster (PGDATA). */
    private static final String POSTGRES_DATA = "/var/lib/postgresql/data";
    /** The variable, read by Compose from the shell, that gives PostgreSQL's password. */
    private static final String DB_PASSWORD_VARIABLE = "HUBCHAT_DB_PASSWORD";
    /** The profile that adds Prometheus and Grafana ({@code docker compose --profile monitoring up}). */
    private static final String MONITORING_PROFILE = "monitoring";
    /** The variable, read by Compose from the shell, that gives Grafana admin's password. */
    private static final String GRAFANA_PASSWORD_VARIABLE = "HUBCHAT_GRAFANA_PASSWORD";
    /** The setting that opens a node's /metrics to addresses beyond loopback. */
    private static final String METRICS_ALLOW_VARIABLE = "CHAT_METRICS_ALLOW";
    private static final Path PROMETHEUS_YML = Path.of("docker/prometheus/prometheus.yml");
    /** Where the official prom/prometheus image reads its configuration. */
    private static final String PROMETHEUS_YML_IN_IMAGE = "/etc/prometheus/prometheus.yml";
    private static final Path GRAFANA_PROVISIONING = Path.of("docker/grafana/provisioning");
    private static final Path GRAFANA_DATASOURCES = GRAFANA_PROVISIONING.resolve("datasources/prometheus.yml");
    private static final Path GRAFANA_DASHBOARD_PROVIDERS = GRAFANA_PROVISIONING.resolve("dashboards/hubchat.yml");
    private static final Path GRAFANA_DASHBOARDS = Path.of("docker/grafana/dashboards");
    /** Where the official grafana/grafana image reads its provisioning files. */
    private static final String GRAFANA_PROVISIONING_IN_IMAGE = "/etc/grafana/provisioning";

    private static Map<String, Object> config;

    @Test
    void theComposeFileRunsRedisPostgresTwoAppNodesAndABalancer() throws Exception {
        assertEquals(List.of("balancer", "payara", "postgres", "redis", "tomcat"), profiled(null), "the services a plain `up` starts");
        Map<String, Integer> hostPorts = new TreeMap<>();
        for (String name : services().keySet()) {
            for (PortMapping p : ports(name)) {
                assertEquals("127.0.0.1", p.hostIp(), name + ": published on loopback by default");
                assertTrue(hostPorts.put(name + ":" + p.target(), p.published()) == null, name + ": one port per target");
            }
            assertEquals("unless-stopped", service(name).get("restart"), name + ": restart policy");
        }
        assertEquals(Map.of("balancer:8080", 8080, "balancer:8404", 8404, "payara:8080", 8082, "tomcat:8080", 8081,
                "prometheus:9090", 9090, "grafana:3000", 3000), hostPorts, "default host ports: the chat, the balancer's stats,"
                + " each node on its own, Prometheus and Grafana; Redis and PostgreSQL unpublished");
    }

    @Test
    void prometheusAndGrafanaRunOnlyInTheMonitoringProfile() throws Exception {
        assertEquals(List.of("grafana", "prometheus"), profiled(MONITORING_PROFILE), "the services of the profile");
        assertEquals(services().size(), profiled(null).size() + profiled(MONITORING_PROFILE).size(), "no service in another profile");
        for (String name : profiled(null)) {
            // A dependency is started with its dependant, profile or not: that would undo the profile.
            Object dependsOn = service(name).get("depends_on");
            assertTrue(dependsOn == null || map(dependsOn).keySet().stream().noneMatch(profiled(MONITORING_PROFILE)::contains),
                    name + " starts without the monitoring services: " + dependsOn);
        }
        assertTrue(String.valueOf(service("prometheus").get("image")).matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+"),
                "the official Prometheus image, an exact version: " + service("prometheus").get("image"));
        assertTrue(String.valueOf(service("grafana").get("image")).matches("grafana/grafana:\\d+\\.\\d+\\.\\d+"),
                "the official Grafana image, an exact version: " + service("grafana").get("image"));
        for (String name : profiled(MONITORING_PROFILE)) {
            for (String mount : strings(service(name).get("volumes"))) {
                // Files of this repository (absolute paths once Compose has read them) are only read.
                assertTrue(!mount.startsWith("/") || mount.endsWith(":ro"), name + ": configuration mounted read-only: " + mount);
            }
        }
        Map<String, Object> grafana = map(service("grafana").get("environment"));
        assertEquals("true", grafana.get("GF_AUTH_ANONYMOUS_ENABLED"), "Grafana shows the dashboards without a login");
        assertEquals("Viewer", grafana.get("GF_AUTH_ANONYMOUS_ORG_ROLE"), "and only shows them");
        String password = "not-the-default-" + System.nanoTime();
        Map<String, Object> given = map(map(map(readConfig(Map.of(GRAFANA_PASSWORD_VARIABLE, password)).get("services"))
                .get("grafana")).get("environment"));
        assertEquals(password, given.get("GF_SECURITY_ADMIN_PASSWORD"), "admin's password from " + GRAFANA_PASSWORD_VARIABLE);
    }

    @Test
    void prometheusScrapesBothAppNodesAtTheirContainerPortAndMetricsPath() throws Exception {
        assertEquals(PROMETHEUS_YML.toAbsolutePath().normalize(), mountedFile("prometheus", PROMETHEUS_YML_IN_IMAGE),
                "Prometheus reads " + PROMETHEUS_YML);
        Map<String, Object> prometheus = MiniYaml.parse(Files.readString(PROMETHEUS_YML));
        List<String> scraped = new ArrayList<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            Map<String, Object> scrape = map(job);
            assertEquals("/metrics", scrape.get("metrics_path"), scrape.get("job_name") + ": the nodes' metrics path");
            assertEquals("http", scrape.get("scheme"), scrape.get("job_name") + ": plain HTTP on the compose network");
            for (Object targets : list(scrape.get("static_configs"))) {
                scraped.addAll(strings(map(targets).get("targets")));
            }
        }
        List<String> expected = new ArrayList<>();
        for (String node : NODES.keySet()) {
            expected.add(node + ":" + ports(node).get(0).target());
        }
        assertEquals(expected.stream().sorted().toList(), scraped.stream().sorted().toList(),
                "every app node, by its service name and container port, and nothing else");
        assertEquals("5s", map(prometheus.get("global")).get("scrape_interval"), "scraped every 5 seconds");
    }

    @Test
    void bothNodesLetPrometheusOnTheComposeNetworkReadMetricsButNotAPublicAddress() throws Exception {
        for (String name : NODES.keySet()) {
            String allowed = String.valueOf(map(service(name).get("environment")).get(METRICS_ALLOW_VARIABLE));
            // Read by the app's own rule, as the node reads the variable at start-up.
            MetricsAccess access = MetricsAccess.of(Settings.from(Map.of(METRICS_ALLOW_VARIABLE, allowed)::get, new Properties()));
            for (String peer : List.of("172.18.0.3", "172.31.255.2", "192.168.16.4", "10.89.0.5")) {
                assertEquals(MetricsAccess.Verdict.ALLOWED, access.check(peer, null),
                        name + ": a compose network's address (Docker's or Podman's) may read /metrics: " + peer + " in " + allowed);
            }
            assertEquals(MetricsAccess.Verdict.FORBIDDEN, access.check("198.51.100.9", null),
                    name + ": a public address may not: " + allowed);
        }
    }

    @Test
    void grafanaReadsTheComposePrometheusAndLoadsTheMountedDashboards() throws Exception {
        Map<String, Object> datasources = MiniYaml.parse(Files.readString(GRAFANA_DATASOURCES));
        List<Object> sources = list(datasources.get("datasources"));
        assertEquals(1, sources.size(), "one data source: " + sources);
        URI url = URI.create(String.valueOf(map(sources.get(0)).get("url")));
        assertEquals("prometheus", url.getHost(), "the compose file's Prometheus, by its service name: " + url);
        assertEquals(ports("prometheus").get(0).target(), url.getPort(), "at its container port: " + url);
        assertEquals(GRAFANA_PROVISIONING.toAbsolutePath().normalize(), mountedFile("grafana", GRAFANA_PROVISIONING_IN_IMAGE),
                "Grafana's provisioning folder is " + GRAFANA_PROVISIONING);

        List<Object> providers = list(MiniYaml.parse(Files.readString(GRAFANA_DASHBOARD_PROVIDERS)).get("providers"));
        assertEquals(1, providers.size(), "one dashboard provider: " + providers);
        String folderInImage = String.valueOf(map(map(providers.get(0)).get("options")).get("path"));
        assertEquals(GRAFANA_DASHBOARDS.toAbsolutePath().normalize(), mountedFile("grafana", folderInImage),
                "the provider loads the dashboards of " + GRAFANA_DASHBOARDS);
        String home = String.valueOf(map(service("grafana").get("environment")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
        assertTrue(home.startsWith(folderInImage + "/") && Files.isRegularFile(GRAFANA_DASHBOARDS.resolve(
                home.substring(folderInImage.length() + 1))), "the home dashboard is one of them: " + home);
    }

    @Test
    void eachAppNodeIsItsImageWithItsHealthCheck() throws Exception {
        for (Map.Entry<String, Path> e : NODES.entrySet()) {
            String name = e.getKey();
            Map<String, Object> svc = service(name);
            Dockerfile df = Dockerfile.read(e.getValue());
            Map<String, Object> build = map(svc.get("build"));
            Path context = Path.of(String.valueOf(build.get("context")));
            assertEquals(Path.of("").toAbsolutePath().normalize(), context.toAbsolutePath().normalize(),
                    name + ": the build context is the repository root");
            assertEquals(e.getValue().toAbsolutePath().normalize(),
                    context.resolve(String.valueOf(build.get("dockerfile"))).toAbsolutePath().normalize(),
                    name + ": built from " + e.getValue());
            assertEquals(1, ports(name).size(), name + ": one published port");
            int port = ports(name).get(0).target();
            assertTrue(df.last().exposed().contains(port), name + ": publishes the port the image EXPOSEs, not " + port);

            List<String> test = strings(map(svc.get("healthcheck")).get("test"));
            assertEquals("CMD", test.get(0));
            assertEquals(df.last().execForm("HEALTHCHECK CMD"), test.subList(1, test.size()),
                    name + ": the compose health check runs the image's probe");
            assertEquals("http://localhost:" + port + "/health/live", test.get(test.size() - 1),
                    name + ": the health check GETs the liveness probe on the container port (draining or without Redis is alive)");
            Duration grace = HaproxyConfig.time(String.valueOf(svc.get("stop_grace_period")));
            Duration drain = (Duration) Setting.DRAIN_SECONDS.type().parse(Setting.DRAIN_SECONDS.defaultValue());
            assertTrue(grace.compareTo(drain.plusSeconds(10)) >= 0,
                    name + ": stop_grace_period " + grace + " leaves the drain (" + drain + ") and the container's own stop time before SIGKILL");
            assertNotNull(svc.get("mem_limit"), name + ": a memory limit (the heap is a share of it)");
        }
    }

    @Test
    void bothNodesShareTheRedisServiceAndStartOnceItIsHealthy() throws Exception {
        for (String name : NODES.keySet()) {
            Map<String, Object> svc = service(name);
            String url = String.valueOf(map(svc.get("environment")).get(Setting.REDIS_URL.env()));
            // The app's own parsing of the setting: a value it would refuse at start-up fails here.
            Optional<?> parsed = (Optional<?>) Setting.REDIS_URL.type().parse(url);
            URI uri = (URI) parsed.orElseThrow(() -> new AssertionError(name + ": no " + Setting.REDIS_URL.env()));
            assertEquals("redis", uri.getHost(), name + ": the Redis of this compose file, by its service name: " + url);
            assertEquals(REDIS_PORT, uri.getPort() < 0 ? REDIS_PORT : uri.getPort(), name + ": Redis' port: " + url);
            assertEquals("service_healthy", map(map(svc.get("depends_on")).get("redis")).get("condition"),
                    name + ": starts once Redis answers its health check");
        }
        assertEquals(map(service("tomcat").get("environment")).get(Setting.REDIS_URL.env()),
                map(service("payara").get("environment")).get(Setting.REDIS_URL.env()), "one Redis, one database, for both");
    }

    @Test
    void redisKeepsAnAppendOnlyFileOnItsVolume() throws Exception {
        Map<String, Object> redis = service("redis");
        assertTrue(String.valueOf(redis.get("image")).matches("redis:7(\\.[0-9.]+)?"), "the official Redis 7: " + redis.get("image"));
        List<String> command = strings(redis.get("command"));
        assertEquals("redis-server", command.get(0), "runs redis-server: " + command);
        assertTrue(Collections.indexOfSubList(command, List.of("--appendonly", "yes")) > 0, "append-only: " + command);
        assertTrue(strings(redis.get("volumes")).stream().anyMatch(v -> v.matches("redis-data:/data(:rw)?")),
                "the official image's data directory /data on the named volume: " + redis.get("volumes"));
        assertTrue(map(config().get("volumes")).containsKey("redis-data"), "the volume is declared");
        assertFalse(redis.containsKey("ports"), "Redis is for the nodes only, not published on the host");
        assertTrue(strings(map(redis.get("healthcheck")).get("test")).stream().anyMatch(t -> t.contains("redis-cli ping")),
                "healthy when Redis answers PING: " + redis.get("healthcheck"));
    }

    @Test
    void postgresKeepsItsDataOnANamedVolumeAndServesOnlyTheOtherServices() throws Exception {
        Map<String, Object> postgres = service("postgres");
        // 15: the major version Debian 12 ships, which the podman smoke test's stand-in is built from.
        assertTrue(String.valueOf(postgres.get("image")).matches("postgres:15(\\.[0-9.]+)?"), "the official PostgreSQL 15: "
                + postgres.get("image"));
        assertTrue(strings(postgres.get("volumes")).stream().anyMatch(v -> v.matches("postgres-data:" + POSTGRES_DATA + "(:rw)?")),
                "the official image's data directory on the named volume: " + postgres.get("volumes"));
        assertTrue(map(config().get("volumes")).containsKey("postgres-data"), "the volume is declared");
        assertFalse(postgres.containsKey("ports"), "PostgreSQL is for the nodes only, not published on the host");
        assertEquals("unless-stopped", postgres.get("restart"), "restart policy");
        Map<String, Object> env = map(postgres.get("environment"));
        for (String name : List.of("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB")) {
            assertFalse(String.valueOf(env.get(name)).isBlank(), "the first start makes the cluster from " + name);
        }
        String check = String.join(" ", strings(map(postgres.get("healthcheck")).get("test")));
        assertTrue(check.matches(".*pg_isready .*-h 127\\.0\\.0\\.1 .*"), "healthy when PostgreSQL answers over TCP"
                + " (during the first start's set-up it listens only on its socket): " + check);
        assertTrue(check.contains("-U " + env.get("POSTGRES_USER")) && check.contains("-d " + env.get("POSTGRES_DB")),
                "the check asks for the compose file's user and database: " + check);
    }

    @Test
    void bothNodesKeepHistoryInThePostgresServiceAsItsUser() throws Exception {
        Map<String, Object> postgres = map(service("postgres").get("environment"));
        for (String name : NODES.keySet()) {
            Map<String, Object> env = map(service(name).get("environment"));
            String url = String.valueOf(env.get(Setting.DB_URL.env()));
            assertTrue(url.startsWith("jdbc:postgresql://"), name + ": a PostgreSQL JDBC URL: " + url);
            URI db = URI.create(url.substring("jdbc:".length()));
            assertEquals("postgres", db.getHost(), name + ": the PostgreSQL of this compose file, by its service name: " + url);
            assertEquals(POSTGRES_PORT, db.getPort() < 0 ? POSTGRES_PORT : db.getPort(), name + ": PostgreSQL's port: " + url);
            assertEquals("/" + postgres.get("POSTGRES_DB"), db.getPath(), name + ": the database the first start makes");
            assertEquals(postgres.get("POSTGRES_USER"), env.get(Setting.DB_USER.env()), name + ": as the user it makes");
            assertEquals(postgres.get("POSTGRES_PASSWORD"), env.get(Setting.DB_PASSWORD.env()), name + ": with its password");
            assertEquals("service_healthy", map(map(service(name).get("depends_on")).get("postgres")).get("condition"),
                    name + ": starts once PostgreSQL answers its health check");
        }
    }

    @Test
    void bothNodesPublicOriginsAreThePublishedPortsBrowsersLoadThePageFrom() throws Exception {
        Map<String, String> ports = Map.of("HUBCHAT_PORT", "18580", "HUBCHAT_TOMCAT_PORT", "18581", "HUBCHAT_PAYARA_PORT", "18582");
        Map<String, Object> moved = map(readConfig(ports).get("services"));
        for (String name : NODES.keySet()) {
            for (Map.Entry<Map<String, Object>, List<String>> c : Map.of(
                    service(name), List.of("8080", "8081", "8082"), map(moved.get(name)), List.of("18580", "18581", "18582")).entrySet()) {
                String given = String.valueOf(map(c.getKey().get("environment")).get(Setting.PUBLIC_ORIGIN.env()));
                // Parsed as at the node's start-up: a bad origin here would stop the node.
                List<Origin> origins = Settings.from(Map.of(Setting.PUBLIC_ORIGIN.env(), given)::get, new Properties()).publicOrigins();
                List<Origin> expected = new ArrayList<>();
                for (String port : c.getValue()) {
                    expected.add(Origin.parse("http://localhost:" + port));
                    expected.add(Origin.parse("http://127.0.0.1:" + port));
                }
                assertEquals(expected, origins, name + ": the balancer's port and each node's, by name and address: " + given);
            }
        }
    }

    @Test
    void bothNodesTrustOnlyPrivateAddressesToNameTheClient() throws Exception {
        for (String name : NODES.keySet()) {
            String trusted = String.valueOf(map(service(name).get("environment")).get(Setting.TRUSTED_PROXIES.env()));
            // Parsed as at the node's start-up: the balancer (a container address) names the client;
            // a browser's own public address never can.
            ClientAddresses addresses = new ClientAddresses(Settings.from(Map.of(Setting.TRUSTED_PROXIES.env(), trusted)::get,
                    new Properties()).trustedProxies());
            assertEquals("203.0.113.7", addresses.clientOf("10.89.0.5", List.of("203.0.113.7")), name + ": through the balancer");
            assertEquals("198.51.100.9", addresses.clientOf("198.51.100.9", List.of("203.0.113.7")), name + ": a public peer names no one");
        }
    }

    @Test
    void thePostgresPasswordComesFromTheShellForTheDatabaseAndBothNodes() throws Exception {
        String given = "not-the-default-" + System.nanoTime();
        Map<String, Object> services = map(readConfig(Map.of(DB_PASSWORD_VARIABLE, given)).get("services"));
        assertEquals(given, map(map(services.get("postgres")).get("environment")).get("POSTGRES_PASSWORD"),
                DB_PASSWORD_VARIABLE + " is the password the database is made with");
        for (String name : NODES.keySet()) {
            assertEquals(given, map(map(services.get(name)).get("environment")).get(Setting.DB_PASSWORD.env()),
                    name + ": logs in with " + DB_PASSWORD_VARIABLE);
        }
        assertNotEquals(given, map(service("postgres").get("environment")).get("POSTGRES_PASSWORD"),
                "without it, the documented local default");
    }

    @Test
    void theBalancerIsTheOnePortInFrontOfBothNodes() throws Exception {
        Map<String, Object> balancer = service("balancer");
        assertTrue(String.valueOf(balancer.get("image")).startsWith("haproxy:"), "HAProxy: " + balancer.get("image"));
        List<String> mounts = strings(balancer.get("volumes"));
        assertEquals(1, mounts.size(), "one mount, the configuration: " + mounts);
        String[] mount = mounts.get(0).split(":");
        assertEquals(HAPROXY_CFG.toAbsolutePath().normalize(), Path.of(mount[0]).toAbsolutePath().normalize(), "the file mounted");
        assertEquals(HAPROXY_CFG_IN_IMAGE, mount[1], "where the official image reads it");
        assertEquals("ro", mount[2], "read-only");

        HaproxyConfig cfg = HaproxyConfig.read(HAPROXY_CFG);
        List<Integer> targets = ports("balancer").stream().map(PortMapping::target).sorted().collect(Collectors.toList());
        assertEquals(List.of(bindPort(cfg, "frontend chat"), bindPort(cfg, "frontend stats")).stream().sorted().toList(),
                targets, "the compose file publishes the ports the balancer listens on, the chat and the stats");
        assertEquals(NODES.keySet().stream().sorted().toList(),
                map(balancer.get("depends_on")).keySet().stream().sorted().toList(), "started after both nodes");
    }

    @Test
    void theBalancerSendsEachConnectionToAHealthyNodeWithoutStickiness() throws Exception {
        HaproxyConfig cfg = HaproxyConfig.read(HAPROXY_CFG);
        String backend = "backend " + cfg.one("frontend chat", "default_backend");
        List<String> servers = cfg.all(backend, "server");
        List<String> expected = new ArrayList<>();
        for (String node : NODES.keySet()) {
            expected.add(node + " " + node + ":" + ports(node).get(0).target());
        }
        assertEquals(expected.stream().sorted().toList(), servers.stream().sorted().toList(),
                "every app node, by its service name and container port, and nothing else");

        assertEquals("leastconn", cfg.one(backend, "balance"), "WebSockets are long-lived: balanced by their number");
        assertTrue(cfg.section(backend).stream().noneMatch(d -> d.startsWith("cookie") || d.startsWith("stick")
                || d.startsWith("hash-type")), "no sticky sessions: any node serves any room");

        assertEquals("", cfg.one(backend, "option httpchk"), "HTTP health checks, the request as http-check send says");
        // Readiness: a node that cannot reach Redis, or drains for a stop, answers 503 and gets no new connections.
        assertEquals("meth GET uri /health/ready", cfg.one(backend, "http-check send"), "the nodes' readiness probe");
        assertEquals("status 200", cfg.one(backend, "http-check expect"), "in service only while ready (503 otherwise)");
        List<String> check = List.of(cfg.one(backend, "default-server").split(" "));
        assertTrue(check.contains("check"), "every node is health-checked: " + check);
        // A node not yet up (or restarted with a new address) is found again by name; HAProxy
        // starts without it, as the compose file starts the balancer before the nodes are healthy.
        String resolvers = check.get(check.indexOf("resolvers") + 1);
        assertTrue(cfg.hasSection("resolvers " + resolvers), "resolvers " + resolvers + " declared");
        assertTrue(check.get(check.indexOf("init-addr") + 1).endsWith("none"), "starts without the nodes' addresses");
        assertFalse(cfg.all("defaults", "option redispatch").isEmpty(), "a failed connection is retried on another node");

        Duration ping = (Duration) Setting.PING_SECONDS.type().parse(Setting.PING_SECONDS.defaultValue());
        Duration tunnel = HaproxyConfig.time(cfg.one("defaults", "timeout tunnel"));
        // A node closes a connection silent for twice the ping interval (ping, then no answer):
        // the balancer must never cut a WebSocket that the node still keeps.
        assertTrue(tunnel.compareTo(ping.multipliedBy(2)) > 0,
                "the balancer cuts a WebSocket idle for " + tunnel + "; the nodes ping after " + ping + " of silence");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The services in {@code profile}, by name; null: those in no profile, which a plain {@code up} starts. */
    private static List<String> profiled(String profile) throws Exception {
        List<String> names = new ArrayList<>();
        for (String name : services().keySet()) {
            Object profiles = service(name).get("profiles");
            if (profile == null ? profiles == null : profiles != null && strings(profiles).contains(profile)) {
                names.add(name);
            }
        }
        return names.stream().sorted().toList();
    }

    /** The host file or folder mounted at {@code inContainer} in {@code service}. */
    private static Path mountedFile(String service, String inContainer) throws Exception {
        for (String mount : strings(service(service).get("volumes"))) {
            String[] parts = mount.split(":");
            if (parts.length >= 2 && parts[1].equals(inContainer)) {
                return Path.of(parts[0]).toAbsolutePath().normalize();
            }
        }
        throw new AssertionError(service + ": nothing mounted at " + inContainer + ": " + service(service).get("volumes"));
    }

    private static int bindPort(HaproxyConfig cfg, String frontend) {
        Matcher m = Pattern.compile("(?:\\S*):(\\d+)(?: .*)?").matcher(cfg.one(frontend, "bind"));
        assertTrue(m.matches(), frontend + ": bind [ADDRESS]:PORT: " + cfg.one(frontend, "bind"));
        return Integer.parseInt(m.group(1));
    }

    /** The compose file as {@code docker-compose config} prints it (read once). */
    private static synchronized Map<String, Object> config() throws Exception {
        if (config == null) {
            config = readConfig(Map.of());
        }
        return config;
    }

    /** The compose file as {@code docker-compose config} prints it with only {@code variables} of Compose's own set. */
    private static Map<String, Object> readConfig(Map<String, String> variables) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(SystemProgram.DOCKER_COMPOSE.path().toString(),
                "-f", COMPOSE_FILE.toString(), "config").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HUBCHAT_") || k.startsWith("COMPOSE_"));
        pb.environment().putAll(variables);
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose config finished");
        assertEquals(0, p.exitValue(), "docker-compose config:\n" + output);
        return MiniYaml.parse(output);
    }

    private static Map<String, Object> services() throws Exception {
        return map(config().get("services"));
    }

    private static Map<String, Object> service(String name) throws Exception {
        return map(services().get(name));
    }

    private static List<PortMapping> ports(String name) throws Exception {
        Object ports = service(name).get("ports");
        return ports == null ? List.of() : list(ports).stream().map(PortMapping::of).collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "a mapping: " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertTrue(o instanceof List, "a list: " + o);
        return (List<Object>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).collect(Collectors.toList());
    }

    /** One published port, from the short ("127.0.0.1:8081:8080/tcp") or the long syntax. */
    record PortMapping(String hostIp, int published, int target) {
        static PortMapping of(Object entry) {
            if (entry instanceof Map<?, ?> m) {
                return new PortMapping(String.valueOf(m.get("host_ip")),
                        Integer.parseInt(String.valueOf(m.get("published"))), Integer.parseInt(String.valueOf(m.get("target"))));
            }
            Matcher s = Pattern.compile("(?:(.+):)?(\\d+):(\\d+)(?:/tcp)?").matcher(String.valueOf(entry));
            assertTrue(s.matches(), "a port mapping HOST_IP:PUBLISHED:TARGET: " + entry);
            return new PortMapping(s.group(1), Integer.parseInt(s.group(2)), Integer.parseInt(s.group(3)));
        }
    }
}
