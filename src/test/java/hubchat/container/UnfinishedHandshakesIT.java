package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.UnfinishedHandshakes;
import hubchat.testing.UnfinishedHandshakes.Handshake;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Handshakes that never finish (slowloris) are closed by the container in bounded time, by the
 * connector settings the project ships (README "Running in production"): the container tests
 * run Tomcat with the run command's connector attributes and Payara Micro with the Docker
 * image's pre-boot command file. The bound: a connection waiting longer than the read timeout
 * for its request's next byte is closed (silent ones, and ones dribbling slower than that), and
 * one that keeps sending is answered 400 and closed once its request line and headers exceed
 * the header limit; so no handshake lasts longer than (header limit + 1) x read timeout. With the
 * containers' stock settings the first two tests fail: Tomcat waits 20 s for each byte and
 * Payara Micro 30 s, so neither closes a socket that sends a byte every 8 s.
 */
class UnfinishedHandshakesIT extends OnContainer {

    /** The read timeout the shipped settings give (the pom's connector.read.timeout.ms). */
    private static final long READ_TIMEOUT_MS = Long.getLong("it.connector.read.timeout.ms", 5000);
    /** The header limit they give (the pom's connector.header.bytes). */
    private static final int HEADER_BYTES = Integer.getInteger("it.connector.header.bytes", 8192);
    /** Time a loaded machine may add to a close (both containers check timeouts about once a second). */
    private static final long SLACK_MS = 10_000;
    /** Connections per attack. */
    private static final int SOCKETS = 50;
    /** The dribblers' pace: one byte this often, slower than the read timeout. */
    private static final long DRIBBLE_EVERY_MS = READ_TIMEOUT_MS * 8 / 5;

    @Test
    void silentConnectionsAreClosedWithinTheReadTimeoutWhileAChatGoesOn() throws Exception {
        try (UnfinishedHandshakes silent = UnfinishedHandshakes.open("localhost", base.getPort(), SOCKETS, request(0));
             JdkChatClient ann = JdkChatClient.connect(ws("unfinished", "nick=ann"))) {
            ann.awaitType("welcome", WAIT);

            silent.watch(READ_TIMEOUT_MS + SLACK_MS);

            assertAllClosedInTime(silent.all(), "connections that sent nothing");
            // Idle for longer than the read timeout: an upgraded WebSocket is not subject to it.
            ann.send("{\"type\":\"message\",\"text\":\"still here\"}");
            ann.await(f -> "still here".equals(f.get("text")), "own message after the silent ones", WAIT);
            assertNull(ann.closeCode(), "the chat client was closed");
        }
    }

    @Test
    void handshakesDribbledSlowerThanTheReadTimeoutAreClosedAfterTheirLastByte() throws Exception {
        try (UnfinishedHandshakes dribblers = UnfinishedHandshakes.open("localhost", base.getPort(), SOCKETS, request(0))) {
            long give = DRIBBLE_EVERY_MS * 2 + READ_TIMEOUT_MS + SLACK_MS;
            long end = System.nanoTime() + give * 1_000_000;
            while (dribblers.openCount() > 0 && System.nanoTime() < end) {
                dribblers.send(1);
                dribblers.watch(Math.min(DRIBBLE_EVERY_MS, (end - System.nanoTime()) / 1_000_000));
            }

            assertAllClosedInTime(dribblers.all(), "connections sending a byte every " + DRIBBLE_EVERY_MS + " ms");
            // Each was closed for a pause, not for anything it sent: a byte or two of GET.
            assertTrue(dribblers.all().stream().allMatch(h -> h.sent() <= 3),
                    "bytes sent before the close: " + summary(dribblers.all()));
        }
        assertChatWorks();
    }

    @Test
    void handshakesThatNeverPauseAreAnswered400AtTheHeaderLimit() throws Exception {
        int chunk = 512;
        long everyMs = 250;
        // A request with a header longer than the limit, sent 2 KiB/s: never idle for the read timeout.
        try (UnfinishedHandshakes talkers = UnfinishedHandshakes.open("localhost", base.getPort(), 10, request(HEADER_BYTES * 4))) {
            long give = HEADER_BYTES / chunk * everyMs + SLACK_MS;
            long end = System.nanoTime() + give * 1_000_000;
            while (talkers.openCount() > 0 && System.nanoTime() < end) {
                talkers.send(chunk);
                talkers.watch(everyMs);
            }

            List<Handshake> all = talkers.all();
            assertEquals(0, talkers.openCount(), "still open after " + give + " ms: " + summary(all));
            assertTrue(all.stream().allMatch(h -> h.answer().startsWith("HTTP/1.1 400")),
                    "answers: " + summary(all));
            assertTrue(all.stream().allMatch(h -> h.sent() >= HEADER_BYTES),
                    "closed before the header limit: " + summary(all));
        }
        assertChatWorks();
    }

    private byte[] request(int padding) {
        return UnfinishedHandshakes.upgradeRequest("localhost", base.getPort(), base.getPath() + "ws/unfinished?nick=slow", padding);
    }

    private static void assertAllClosedInTime(List<Handshake> handshakes, String what) {
        long open = handshakes.stream().filter(h -> !h.isClosed()).count();
        assertEquals(0, open, what + ": " + open + " of " + handshakes.size() + " never closed; " + summary(handshakes));
        long slowest = handshakes.stream().mapToLong(Handshake::millisFromLastByteToClose).max().orElse(0);
        System.out.println("UnfinishedHandshakesIT: " + what + ": all closed, at most " + slowest
                + " ms after their last byte (read timeout " + READ_TIMEOUT_MS + " ms)");
        assertTrue(slowest <= READ_TIMEOUT_MS + SLACK_MS, what + ": closed " + slowest + " ms after the last byte");
    }

    private static String summary(List<Handshake> handshakes) {
        return handshakes.stream().limit(5)
                .map(h -> "[sent " + h.sent() + ", closed after " + h.millisFromLastByteToClose() + " ms, answer '" + h.answer() + "']")
                .collect(Collectors.joining(" "));
    }

    private void assertChatWorks() throws Exception {
        try (JdkChatClient bob = JdkChatClient.connect(ws("unfinished", "nick=bob"))) {
            bob.awaitType("welcome", WAIT);
            bob.send("{\"type\":\"message\",\"text\":\"after the slow ones\"}");
            bob.await(f -> "after the slow ones".equals(f.get("text")), "own message", WAIT);
        }
    }
}
