package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.joined;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.hub.Readiness;
import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stopping the application (CDI shuts the hub down) drains it: a real client gets every message
 * acknowledged before the stop, then 1001 {@code restarting}; the hub is not ready from the
 * start of the drain, which a reader that stopped holds open until the drain timeout.
 */
class ShutdownTest {
    private static final int DRAIN_SECONDS = 3;
    private static final int MESSAGES = 200;
    /** About 300 KB in all: more than a stalled reader's socket takes, less than its send queue. */
    private static final String FILLER = "y".repeat(1400);

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.DRAIN_SECONDS, DRAIN_SECONDS).rateLimitsOff();

    @Test
    void stoppingTheServerSendsEveryQueuedFrameThenClosesEveryConnectionWith1001Restarting() throws Exception {
        try (JdkChatClient ann = joined(SERVER, "lobby", "ann");
             JdkChatClient bob = joined(SERVER, "lobby", "bob");
             JdkChatClient other = joined(SERVER, "other", "cat");
             RawWebSocket stalled = RawWebSocket.connect("localhost", SERVER.port(), "/ws/lobby?nick=stalled", 4096)) {
            List<String> acknowledged = Chat.postAll(bob, IntStream.range(0, MESSAGES).mapToObj(i -> i + " " + FILLER).toList());

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(SERVER::stop);
            List<String> readiness = new ArrayList<>();
            while (!stopped.isDone()) {
                readiness.add(SERVER.hub().readiness().json());
                Thread.sleep(20);
            }
            List<String> got = new ArrayList<>(); // ann read none of them before the stop
            for (String f = ann.poll(Duration.ZERO); f != null || ann.closeCode() == null; f = ann.poll(Duration.ofMillis(100))) {
                if (f != null && "message".equals(JsonFrames.type(JsonFrames.parse(f)))) {
                    got.add((String) JsonFrames.parse(f).get("id"));
                }
            }
            assertEquals(acknowledged, got, "every message, once, in order, before the close");
            // the token shows the hub closed it, not just the server
            assertClosedFor(Disconnect.RESTARTING, ann.awaitClose(WAIT), ann.closeReason());
            assertClosedFor(Disconnect.RESTARTING, bob.awaitClose(WAIT), bob.closeReason());
            assertClosedFor(Disconnect.RESTARTING, other.awaitClose(WAIT), other.closeReason());
            String draining = Readiness.not(Readiness.DRAINING).json();
            String stoppedNow = Readiness.not(Readiness.STOPPED).json();
            int from = readiness.indexOf(draining);
            assertTrue(from >= 0, "seen draining (the stalled reader holds the drain open): " + readiness);
            assertEquals(List.of(), readiness.subList(from, readiness.size()).stream()
                    .filter(r -> !r.equals(draining) && !r.equals(stoppedNow)).toList(), "never ready again once draining");
        }
    }
}
