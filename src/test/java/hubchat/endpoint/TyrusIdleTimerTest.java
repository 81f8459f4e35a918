package hubchat.endpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.Test;

/**
 * A Tyrus session whose idle timer was moved to the hub's timer keeps its idle timeout: a silent
 * client is still closed for idling, and the task that closed it ran on that timer. Which thread
 * then calls {@code @OnClose} is Tyrus's business (the one that sends the close frame, or the one
 * that reads the peer's answer), so the test counts the timer's tasks rather than naming a thread.
 */
class TyrusIdleTimerTest {
    private static final AtomicInteger TASKS_RUN = new AtomicInteger();
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1) {
        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            TASKS_RUN.incrementAndGet();
        }
    };
    /** The close reason, and how many of the timer's tasks had started when the session closed. */
    private static final CompletableFuture<String> CLOSED = new CompletableFuture<>();

    /** Moves its session's timer, then asks Tyrus for a short idle timeout. */
    @ServerEndpoint("/idle")
    public static class SilentPeerEndpoint {
        @OnOpen
        public void open(Session session) {
            TyrusIdleTimer.move(session, TIMER);
            session.setMaxIdleTimeout(300);
        }

        @OnClose
        public void close(Session session, CloseReason reason) {
            CLOSED.complete(reason.getReasonPhrase() + " after " + TASKS_RUN.get() + " timer task(s)");
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
            String closed = CLOSED.get(5, TimeUnit.SECONDS);
            assertTrue(closed.contains("idle timeout") && !closed.endsWith(" after 0 timer task(s)"), closed);
            client.abort();
        } finally {
            server.stop();
            TIMER.shutdownNow();
        }
    }
}
