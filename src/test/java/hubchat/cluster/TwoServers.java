package hubchat.cluster;

import hubchat.testing.PayaraMicroLauncher;
import hubchat.testing.RateLimitsOff;
import hubchat.testing.RedisServer;
import hubchat.testing.ServerProcess;
import hubchat.testing.TomcatLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Two real servers sharing one real Redis, as two nodes of one chat: {@code hubchat-tomcat.war}
 * on Tomcat 11 and {@code hubchat.war} on Payara Micro 6, each started by the tests themselves
 * (see {@link TomcatLauncher}, {@link PayaraMicroLauncher}) from the distributions the build
 * provisions for the container tests, and a {@code redis-server} of the tests' own on a free port
 * ({@link RedisServer}). Both apps are at {@code /chat/}. Tomcat is given the Redis address as the
 * environment variable {@code CHAT_REDIS_URL}, Payara Micro as the system property
 * {@code chat.redis.url}: the two ways a setting is given.
 *
 * <p>Each server's public origin is its own address ({@link ServerProcess}); Tomcat also allows
 * the origin of a proxy a test may put in front of it ({@link #tomcatProxyPort()}), as the
 * setting {@code CHAT_ALLOWED_ORIGINS}: a browser behind a proxy sends the proxy's origin.
 *
 * <p>Why not Arquillian: the address is known only once Redis has its port, and Arquillian takes
 * one container adapter per JVM here (see the pom), while this needs both at once. Started
 * processes also take settings exactly as an operator gives them.
 *
 * <p>One set per test JVM (the pom's failsafe execution {@code it-two-servers}): the first suite
 * ({@link OnTwoServers}) that takes a {@code TwoServers} parameter (through {@link Resolver})
 * starts it, the servers side by side, and JUnit closes it after the last suite. Suites share it, so each uses rooms of its own,
 * and one that stops Redis starts it again before it ends.
 *
 * <p>The pom passes where everything is ({@code it.*} properties); the defaults are the same
 * paths, for a run from an IDE after {@code ./mvnw verify}.
 */
public final class TwoServers implements AutoCloseable {

    /** Longest either server may take to be ready, connected to Redis (Payara Micro takes 10 to 40 s here). */
    private static final Duration START = Duration.ofSeconds(180);
    private static final String CONTEXT = "chat";

    private final RedisServer redis;
    private final ServerProcess tomcat;
    private final ServerProcess payara;
    private final int tomcatProxyPort;

    private TwoServers(RedisServer redis, ServerProcess tomcat, ServerProcess payara, int tomcatProxyPort) {
        this.redis = redis;
        this.tomcat = tomcat;
        this.payara = payara;
        this.tomcatProxyPort = tomcatProxyPort;
    }

    /** Redis first, then both servers at once; returns when both say they are ready (see ServerProcess#awaitUp). */
    static TwoServers start() {
        Path dir = Path.of(property("it.two-servers.dir", "target/two-servers"));
        // The suites send bursts from each client on purpose: every rate limit off.
        List<String> jvm = concat(List.of(property("it.server.jvm.options",
                "-Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1").trim().split("\\s+")),
                RateLimitsOff.systemProperties());
        RedisServer redis = RedisServer.started(RedisServer.Options.DEFAULT);
        String url = redis.url(0);
        int tomcatProxyPort = freePort();
        ServerProcess tomcat = null;
        ServerProcess payara = null;
        try {
            tomcat = TomcatLauncher.launch(
                    Path.of(property("it.tomcat.home", "target/tomcat/apache-tomcat-11.0.24")),
                    dir.resolve("tomcat-base"), war("it.tomcat.war", "target/hubchat-tomcat.war"),
                    CONTEXT, jvm, Map.of("CHAT_REDIS_URL", url,
                            "CHAT_ALLOWED_ORIGINS", "http://localhost:" + tomcatProxyPort));
            payara = PayaraMicroLauncher.launch(
                    Path.of(property("it.payara.java", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                    Path.of(property("it.payara.jar", "target/payara-micro/payara-micro-6.2025.10.jar")),
                    dir.resolve("payara-micro"), war("it.plain.war", "target/hubchat.war"),
                    CONTEXT, concat(jvm, "-Dchat.redis.url=" + url), Map.of());
            tomcat.awaitUp(START);
            payara.awaitUp(START);
            return new TwoServers(redis, tomcat, payara, tomcatProxyPort);
        } catch (RuntimeException | Error e) {
            stopQuietly(tomcat);
            stopQuietly(payara);
            redis.close();
            throw e;
        }
    }

    /** The Redis both servers use; a suite that stops it starts it again before it ends. */
    public RedisServer redis() {
        return redis;
    }

    /** {@code hubchat-tomcat.war} on Tomcat 11, its Redis address in {@code CHAT_REDIS_URL}. */
    public ServerProcess tomcat() {
        return tomcat;
    }

    /** The loopback port for a proxy in front of Tomcat ({@code CuttableProxy.start(tomcat().base().getPort(), tomcatProxyPort())}): Tomcat allows its origin. */
    public int tomcatProxyPort() {
        return tomcatProxyPort;
    }

    /** {@code hubchat.war} on Payara Micro 6, its Redis address in {@code -Dchat.redis.url}. */
    public ServerProcess payara() {
        return payara;
    }

    /** Both servers (SIGTERM: they close their connections as in a real shutdown), then Redis. */
    @Override
    public void close() {
        stopQuietly(tomcat);
        stopQuietly(payara);
        redis.close();
    }

    /**
     * Gives a test's constructor or method the JVM's one {@link TwoServers}, started at the first
     * request and closed by JUnit when the whole run ends (values of the root store that are
     * {@link AutoCloseable} are closed then).
     */
    public static final class Resolver implements ParameterResolver {
        private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(TwoServers.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TwoServers.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(SHARED)
                    .getOrComputeIfAbsent(TwoServers.class, key -> start(), TwoServers.class);
        }
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path war(String property, String fallback) {
        Path war = Path.of(property(property, fallback));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " is missing: run `./mvnw verify`, which builds it first");
        }
        return war;
    }

    /** A loopback port free now, for a server or proxy started later (the usual small race, as for the servers' own ports). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> options, String... more) {
        return Stream.concat(options.stream(), Stream.of(more)).toList();
    }

    private static void stopQuietly(ServerProcess server) {
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                System.err.println("stopping " + server + ": " + e);
            }
        }
    }
}
