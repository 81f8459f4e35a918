package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.joined;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.metrics.ChatMetrics;
import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through real WebSockets on the Tyrus server (no servlet filter: the endpoint refuses what a
 * filter would), every ended connection is counted once, with the cause the server closed it
 * for, or the client's own: closes the endpoint makes before the hub knows the connection (a bad
 * room or query), after (too big, binary), a goodbye and a dropped socket. The server counts an
 * end when the container reports it, a moment after the client sees it: each test waits for
 * its count, then checks that no other cause moved.
 */
class EndpointDisconnectsTest {
    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with();

    private static ChatMetrics metrics() {
        return SERVER.hub().metrics();
    }

    @Test
    void aBadRoomAndABadQueryAreCountedForTheirCausesThoughTheHubNeverKnewThem() throws Exception {
        Map<Disconnect, Long> before = counts();
        try (JdkChatClient c = SERVER.connect("bad%20room", "nick=ann")) {
            c.awaitClose(WAIT);
        }
        try (RawWebSocket raw = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + freshRoom("q") + "?nick=%C3%28", 0)) {
            raw.awaitClose(WAIT);
        }
        awaitEnds(before, Map.of(Disconnect.BAD_ROOM, 1L, Disconnect.BAD_QUERY, 1L));
    }

    @Test
    void aFrameTooBigAndABinaryFrameAreCountedForTheirCausesNotAsTheClientsClose() throws Exception {
        Map<Disconnect, Long> before = counts();
        String room = freshRoom("closing");
        try (JdkChatClient c = joined(SERVER, room, "ann")) {
            c.send("x".repeat(16385));
            c.awaitClose(WAIT);
        }
        try (RawWebSocket raw = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=bob", 0)) {
            assertEquals("welcome", JsonFrames.type(JsonFrames.parse(raw.readFrame(WAIT).text())));
            raw.write(RawWebSocket.frame(RawWebSocket.OP_BINARY, new byte[] {1, 2, 3}));
            raw.awaitCloseFrame(WAIT);
        }
        awaitEnds(before, Map.of(Disconnect.TOO_BIG, 1L, Disconnect.BINARY_FRAME, 1L));
    }

    @Test
    void aGoodbyeIsClientClosedAndADroppedSocketIsConnectionLost() throws Exception {
        Map<Disconnect, Long> before = counts();
        String room = freshRoom("ends");
        try (JdkChatClient c = joined(SERVER, room, "ann")) {
            Chat.assertStillWorks(c);
        }
        RawWebSocket raw = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=bob", 0);
        assertEquals("welcome", JsonFrames.type(JsonFrames.parse(raw.readFrame(WAIT).text())));
        raw.reset();
        awaitEnds(before, Map.of(Disconnect.CLIENT_CLOSED, 1L, Disconnect.CONNECTION_LOST, 1L));
    }

    private static Map<Disconnect, Long> counts() {
        Map<Disconnect, Long> counts = new EnumMap<>(Disconnect.class);
        for (Disconnect cause : Disconnect.values()) {
            counts.put(cause, metrics().disconnects(cause));
        }
        return counts;
    }

    /** Waits until the counts moved by {@code expected} from {@code before}, then checks nothing else moved. */
    private static void awaitEnds(Map<Disconnect, Long> before, Map<Disconnect, Long> expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<Disconnect, Long> moved = new EnumMap<>(Disconnect.class);
        while (true) {
            moved.clear();
            counts().forEach((cause, n) -> {
                if (n - before.get(cause) != 0) {
                    moved.put(cause, n - before.get(cause));
                }
            });
            if (moved.equals(expected) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(10);
        }
        assertEquals(new EnumMap<>(expected), moved, "ended connections by cause");
    }
}
