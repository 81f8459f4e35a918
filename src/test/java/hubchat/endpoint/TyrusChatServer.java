package hubchat.endpoint;

import hubchat.config.Setting;
import hubchat.hub.ChatHub;
import hubchat.testing.JdkChatClient;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.EnumMap;
import java.util.HashMap;
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
 * The settings are set as system properties only while the hub is created (it reads them
 * once, in its {@code @PostConstruct}), then the previous values are restored, so test
 * classes do not leak settings into each other.
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
        Map<String, String> saved = new HashMap<>();
        settings.forEach((setting, value) -> {
            saved.put(setting.property(), System.getProperty(setting.property()));
            System.setProperty(setting.property(), value);
        });
        try {
            weld = new Weld("hubchat-endpoint-test").disableDiscovery().addBeanClasses(ChatHub.class).initialize();
            hub = weld.select(ChatHub.class).get();
            hub.settings(); // creates the hub (lazily made by CDI) while the properties are set
        } finally {
            saved.forEach((property, old) -> {
                if (old == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, old);
                }
            });
        }
        settings.forEach((setting, value) -> {
            if (!hubValue(setting).equals(value)) {
                throw new IllegalStateException("hub did not take " + setting + "=" + value);
            }
        });
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

    /** Stops the hub (its {@code @PreDestroy} closes every connection with 1001), then the server. Idempotent. */
    void stop() {
        try {
            if (weld != null) {
                weld.shutdown(); // the hub's @PreDestroy closes what is left with 1001
                weld = null;
            }
        } finally {
            if (server != null) {
                server.stop();
                server = null;
            }
        }
    }

    /** The hub behind the endpoint (the CDI client proxy). */
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

    private String hubValue(Setting setting) {
        var s = hub.settings();
        return String.valueOf(switch (setting) {
            case MAX_FRAME_BYTES -> s.maxFrameBytes();
            case SEND_QUEUE_BYTES -> s.sendQueueBytes();
            case MAX_ROOMS -> s.maxRooms();
            case PRESENCE_WINDOW_MS -> s.presenceWindowMillis();
            case PING_SECONDS -> s.pingMillis() / 1000;
            case MAX_PENDING_FRAMES -> s.maxPendingFrames();
            case UNFINISHED_TEXT_BYTES -> s.unfinishedTextBytes();
            case HISTORY_SIZE -> s.historySize();
            case HISTORY_BYTES -> s.historyBytes();
            case ROOM_IDLE_SECONDS -> s.roomIdleMillis() / 1000;
            default -> settings.get(setting); // not checked (e.g. hub threads: 0 means per core)
        });
    }
}
