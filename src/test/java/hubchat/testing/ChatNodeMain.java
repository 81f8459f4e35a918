package hubchat.testing;

import com.sun.net.httpserver.HttpServer;
import hubchat.config.Settings;
import hubchat.endpoint.EmbeddedChatServer;
import hubchat.hub.ChatHub;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The main class of a {@link ChatNode}'s own JVM: one hubchat node, the real endpoint on Tyrus
 * ({@link EmbeddedChatServer}), its settings from the system properties the fixture passes
 * ({@code -Dchat.redis.url=...}). It prints {@link #READY} with its port once it serves and its
 * hub is ready ({@link hubchat.hub.ChatHub#isReady}: its engine can store messages, as a
 * readiness probe would wait for before sending it clients), and lives until it is killed, sent SIGTERM (the shutdown hook stops the hub, which closes every
 * connection with 1001 {@code restarting} once its queued frames are written), or its standard input ends: the test JVM holds that
 * pipe open, so a test JVM that dies, however it dies, takes its nodes with it.
 *
 * <p>Tyrus' server speaks WebSocket only, so the node answers {@code GET /health} on a port of
 * its own ({@link #HEALTH}, printed before {@link #READY}) with the fields of the WAR's health
 * servlet that come from the hub: {@code {"status":"up","ready":R}}, R being
 * {@link ChatHub#isReady}, as there.
 */
public final class ChatNodeMain {

    /** The line a node prints once it serves, followed by its port. */
    static final String READY = "hubchat node ready on port ";
    /** The line a node prints before {@link #READY}, followed by the port of its {@code /health}. */
    static final String HEALTH = "hubchat node health on port ";

    private ChatNodeMain() {
    }

    public static void main(String[] args) {
        try {
            EmbeddedChatServer server = EmbeddedChatServer.start(Settings.fromEnvironment());
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "node-shutdown"));
            System.out.println(HEALTH + serveHealth(server.hub()));
            System.out.println("listening on port " + server.port() + ", waiting for the hub to be ready");
            while (!server.hub().isReady()) {
                Thread.sleep(10); // the fixture's start timeout bounds this
            }
            System.out.println(READY + server.port());
            System.out.flush();
        } catch (Throwable e) {
            // The hub's and Grizzly's threads would keep a half-started node alive: leave at once.
            e.printStackTrace();
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
        try {
            while (System.in.read() >= 0) {
                // nothing is sent on this pipe; it only tells that the test JVM is still there
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
        System.err.println("standard input closed: the test JVM is gone, stopping");
        System.exit(0);
    }

    /** Serves {@code GET /health} on a free loopback port (returned) from a thread of its own. */
    private static int serveHealth(ChatHub hub) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        http.createContext("/health", exchange -> {
            byte[] body = ("{\"status\":\"up\",\"ready\":" + hub.isReady() + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start(); // its dispatcher thread is not a daemon: the node lives until halted or exited anyway
        return http.getAddress().getPort();
    }
}
