package hubchat.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.Test;

/**
 * A Tyrus session whose idle timer was moved to the hub's timer keeps its idle timeout: a silent
 * client is still closed for idling, by a task on that timer's thread.
 */
class TyrusIdleTimerTest {
    private static final String TIMER_THREAD = "hub-timer-under-test";
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, TIMER_THREAD));
    private static final CompletableFuture<String> CLOSED_ON = new CompletableFuture<>();

    /** Moves its session's timer, then asks Tyrus for a short idle timeout. */
    @ServerEndpoint("/idle")
    public static class SilentPeerEndpoint {
        @OnOpen
        public void open(Session session) {
            TyrusIdleTimer.move(session, TIMER);
            session.setMaxIdleTimeout(300);
        }

        @OnClose
        public void close(Session session) {
            CLOSED_ON.complete(Thread.currentThread().getName());
        }
    }

    @Test
    void aSilentSessionIsStillClosedForIdlingByATaskOnTheHubsTimer() throws Exception {
        int port = EmbeddedChatServer.freePort();
        Server server = new Server("localhost", port, "/", Map.of(), SilentPeerEndpoint.class);
        server.start();
        try {
            WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://localhost:" + port + "/idle"), new WebSocket.Listener() { })
                    .get(5, TimeUnit.SECONDS);
            assertEquals(TIMER_THREAD, CLOSED_ON.get(5, TimeUnit.SECONDS), "closed for idling, on the hub's timer");
            client.abort();
        } finally {
            server.stop();
            TIMER.shutdownNow();
        }
    }
}
