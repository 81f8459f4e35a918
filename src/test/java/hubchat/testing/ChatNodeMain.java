package hubchat.testing;

import hubchat.config.Settings;
import hubchat.endpoint.EmbeddedChatServer;

/**
 * The main class of a {@link ChatNode}'s own JVM: one hubchat node, the real endpoint on Tyrus
 * ({@link EmbeddedChatServer}), its settings from the system properties the fixture passes
 * ({@code -Dchat.redis.url=...}). It prints {@link #READY} with its port once it serves and its
 * hub is ready ({@link hubchat.hub.ChatHub#isReady}: its engine can store messages, as a
 * readiness probe would wait for before sending it clients), and lives until it is killed, sent SIGTERM (the shutdown hook stops the hub, which closes every
 * connection with 1001 {@code shutdown}), or its standard input ends: the test JVM holds that
 * pipe open, so a test JVM that dies, however it dies, takes its nodes with it.
 */
public final class ChatNodeMain {

    /** The line a node prints once it serves, followed by its port. */
    static final String READY = "hubchat node ready on port ";

    private ChatNodeMain() {
    }

    public static void main(String[] args) {
        try {
            EmbeddedChatServer server = EmbeddedChatServer.start(Settings.fromEnvironment());
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "node-shutdown"));
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
}
