package hubchat.endpoint;

import hubchat.app.ChatApplication;
import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.hub.ChatHub;
import hubchat.testing.JdkChatClient;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import org.glassfish.tyrus.server.Server;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: the real {@link ChatEndpoint} on Tyrus' Grizzly server, on a free port,
 * with Weld SE providing CDI (so {@link CdiConfigurator} finds the hub through
 * {@code CDI.current()}, as in a container). One server per test class (the endpoint tests here,
 * and the fuzz test in {@code hubchat.fuzz}):
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.PRESENCE_WINDOW_MS, 50);
 * </pre>
 *
 * The hub is made by the application's own wiring, from the defaults with the settings given;
 * no system property is touched, so test classes cannot leak settings into each other.
 */
public final class TyrusChatServer implements BeforeAllCallback, AfterAllCallback {

    private final Map<Setting, String> settings = new EnumMap<>(Setting.class);
    private WeldContainer weld;
    private Server server;
    private ChatHub hub;
    private int port;

    private TyrusChatServer() {
    }

    public static TyrusChatServer with(Object... settingValuePairs) {
        TyrusChatServer s = new TyrusChatServer();
        for (int i = 0; i < settingValuePairs.length; i += 2) {
            s.settings.put((Setting) settingValuePairs[i], String.valueOf(settingValuePairs[i + 1]));
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Settings resolved = Settings.defaults();
        for (Map.Entry<Setting, String> e : settings.entrySet()) {
            resolved = resolved.with(e.getKey(), e.getValue());
        }
        hub = ChatApplication.wire(resolved);
        weld = new Weld("hubchat-endpoint-test").disableDiscovery()
                .addBeanClasses(ChatApplication.class).addExtension(new TheHub(hub)).initialize();
        // Tyrus takes port 0 for "the default, 8025", so pick a free port; retry if it is taken meanwhile.
        for (int attempt = 1; ; attempt++) {
            int candidate = freePort();
            Server s = new Server("localhost", candidate, "/", Map.of(), ChatEndpoint.class);
            try {
                s.start();
                server = s;
                port = candidate;
                break;
            } catch (DeploymentException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Stops the hub (which closes every connection with 1001), then the server. Idempotent. */
    void stop() {
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

    public JdkChatClient connect(String rawRoom, String rawQuery) throws IOException, InterruptedException {
        return JdkChatClient.connect(uri(rawRoom, rawQuery));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /**
     * Makes {@code hub} the application's hub in CDI, where the endpoint's configurator looks for
     * it: an alternative to the one {@link ChatApplication} would make from the environment.
     */
    public static final class TheHub implements Extension {
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
