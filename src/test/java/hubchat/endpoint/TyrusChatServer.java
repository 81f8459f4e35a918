package hubchat.endpoint;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.hub.ChatHub;
import hubchat.testing.JdkChatClient;
import hubchat.testing.RateLimitsOff;
import java.io.IOException;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: an {@link EmbeddedChatServer} (the real {@link ChatEndpoint} on Tyrus with
 * Weld SE) in the test's own JVM, one per test class (the endpoint tests here, and the fuzz test
 * in {@code hubchat.fuzz}):
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
    private EmbeddedChatServer server;

    private TyrusChatServer() {
    }

    public static TyrusChatServer with(Object... settingValuePairs) {
        TyrusChatServer s = new TyrusChatServer();
        for (int i = 0; i < settingValuePairs.length; i += 2) {
            s.settings.put((Setting) settingValuePairs[i], String.valueOf(settingValuePairs[i + 1]));
        }
        return s;
    }

    /**
     * This server with every rate limit off ({@link RateLimitsOff}), for suites that send fast
     * on purpose and are not about the limits.
     */
    public TyrusChatServer rateLimitsOff() {
        RateLimitsOff.SETTINGS.forEach(settings::putIfAbsent);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // History in memory unless a test names a store: these suites test the adapter, not the database.
        Settings resolved = Settings.defaults().with(Setting.STORE, "memory");
        for (Map.Entry<Setting, String> e : settings.entrySet()) {
            resolved = resolved.with(e.getKey(), e.getValue());
        }
        server = EmbeddedChatServer.start(resolved);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Stops the hub (which closes every connection with 1001), then the server. Idempotent. */
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The hub behind the endpoint. */
    public ChatHub hub() {
        return server.hub();
    }

    public int port() {
        return server.port();
    }

    /** {@code ws://localhost:PORT/ws/ROOM?QUERY}; {@code rawQuery} must be URL-encoded already (or null). */
    public URI uri(String rawRoom, String rawQuery) {
        return server.uri(rawRoom, rawQuery);
    }

    public JdkChatClient connect(String rawRoom, String rawQuery) throws IOException, InterruptedException {
        return JdkChatClient.connect(uri(rawRoom, rawQuery));
    }
}
