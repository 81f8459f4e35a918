package hubchat.endpoint;

import hubchat.app.ChatApplication;
import hubchat.config.Settings;
import hubchat.hub.ChatHub;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.server.Server;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The real {@link ChatEndpoint} on Tyrus' Grizzly server, on a free port, with Weld SE providing
 * CDI (so {@link CdiConfigurator} finds the hub through {@code CDI.current()}, as in a
 * container), and the hub made by the application's own wiring ({@link ChatApplication#wire}).
 * The one place that starts a server outside a container: the in-JVM tests use it through
 * {@link TyrusChatServer}, the multi-node tests in a JVM of its own through
 * {@code hubchat.testing.ChatNodeMain}.
 */
public final class EmbeddedChatServer {

    private final ChatHub hub;
    private WeldContainer weld;
    private Server server;
    private final int port;

    private EmbeddedChatServer(ChatHub hub, WeldContainer weld, Server server, int port) {
        this.hub = hub;
        this.weld = weld;
        this.server = server;
        this.port = port;
    }

    /** Wires a hub for {@code settings} and serves it; returns once the server listens. */
    public static EmbeddedChatServer start(Settings settings) throws DeploymentException {
        ChatHub hub = ChatApplication.wire(settings);
        // No Weld shutdown hook: stop() is the one way down, also from a node's own hook, and it
        // stops the hub before the container.
        WeldContainer weld = new Weld("hubchat-endpoint-test").disableDiscovery().skipShutdownHook()
                .addBeanClasses(ChatApplication.class).addExtension(new TheHub(hub)).initialize();
        // Tyrus takes port 0 for "the default, 8025", so pick a free port; retry if it is taken meanwhile.
        for (int attempt = 1; ; attempt++) {
            int candidate = freePort();
            Server s = new Server("localhost", candidate, "/", Map.of(), ChatEndpoint.class);
            try {
                s.start();
                return new EmbeddedChatServer(hub, weld, s, candidate);
            } catch (DeploymentException e) {
                if (attempt == 5) {
                    hub.stop();
                    weld.shutdown();
                    throw e;
                }
            }
        }
    }

    /** Stops the hub (which closes every connection with 1001), then the server. Idempotent. */
    public synchronized void stop() {
        try {
            if (weld != null) {
                hub.stop();
                weld.shutdown();
                weld = null;
            }
        } finally {
            if (server != null) {
                server.stop();
                server = null;
            }
        }
    }

    /** The hub behind the endpoint. */
    public ChatHub hub() {
        return hub;
    }

    public int port() {
        return port;
    }

    /** {@code ws://localhost:PORT/ws/ROOM?QUERY}; {@code rawQuery} must be URL-encoded already (or null). */
    public URI uri(String rawRoom, String rawQuery) {
        return URI.create("ws://localhost:" + port + "/ws/" + rawRoom + (rawQuery == null ? "" : "?" + rawQuery));
    }

    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes {@code hub} the application's hub in CDI, where the endpoint's configurator looks for
     * it: an alternative to the one {@link ChatApplication} would make from the environment.
     */
    static final class TheHub implements Extension {
        private final ChatHub hub;

        TheHub(ChatHub hub) {
            this.hub = hub;
        }

        void register(@Observes AfterBeanDiscovery discovery) {
            discovery.addBean().types(ChatHub.class, Object.class).scope(Dependent.class)
                    .alternative(true).priority(1000).createWith(c -> hub);
        }
    }
}
