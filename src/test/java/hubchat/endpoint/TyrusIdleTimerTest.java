package hubchat.endpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.Test;

/**
 * A Tyrus session whose idle timer was moved to the hub's timer keeps its idle timeout: a silent
 * client is still closed for idling, and by a task on that timer. The client reads the close
 * frame the timer's task sent, so the count of the timer's tasks it takes then is at least that
 * one; which server thread calls {@code @OnClose} afterwards is Tyrus's business (the one that
 * sent the close frame, or the one that read the peer's answer), and so is the reason it passes.
 */
class TyrusIdleTimerTest {
    private static final AtomicInteger TASKS_RUN = new AtomicInteger();
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1) {
        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            TASKS_RUN.incrementAndGet();
        }
    };
    /** The close reason the client read, and how many of the timer's tasks had started by then. */
    private static final CompletableFuture<String> CLOSED = new CompletableFuture<>();

    /** Moves its session's timer, then asks Tyrus for a short idle timeout. */
    @ServerEndpoint("/idle")
    public static class SilentPeerEndpoint {
        @OnOpen
        public void open(Session session) {
            TyrusIdleTimer.move(session, TIMER);
            session.setMaxIdleTimeout(300);
        }
    }

    /** Says nothing; notes the close frame's reason and the timer's tasks when it reads it. */
    private static final class SilentClient implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            CLOSED.complete(statusCode + " " + reason + " after " + TASKS_RUN.get() + " timer task(s)");
            return null;
        }
    }

    @Test
    void aSilentSessionIsStillClosedForIdlingByATaskOnTheHubsTimer() throws Exception {
        int port = EmbeddedChatServer.freePort();
        Server server = new Server("localhost", port, "/", Map.of(), SilentPeerEndpoint.class);
        server.start();
        try {
            WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://localhost:" + port + "/idle"), new SilentClient())
                    .get(5, TimeUnit.SECONDS);
            String closed = CLOSED.get(5, TimeUnit.SECONDS);
            client.abort();
            assertTrue(closed.contains("idle timeout") && !closed.endsWith(" after 0 timer task(s)"), closed);
        } finally {
            server.stop();
            TIMER.shutdownNow();
        }
    }
}
