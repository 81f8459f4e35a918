package hubchat.testing;

import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.protocol.Disconnect;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@link ChatNode} fixture on single nodes (the in-memory engine): a node is a JVM of its
 * own that serves the real endpoint with the settings given (history in memory unless a store is
 * named) and its readiness on {@code /health}, stops cleanly on SIGTERM, dies at
 * once on {@code kill -9}, stops by itself when the test JVM goes away, and a node that cannot
 * start says why.
 */
class ChatNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aNodeIsAJvmOfItsOwnServingTheChatWithTheSettingsGiven() throws Exception {
        try (ChatNode node = ChatNode.start("solo", Map.of(Setting.MAX_ROOMS, 1, Setting.PRESENCE_WINDOW_MS, 50))) {
            assertNotEquals(ProcessHandle.current().pid(), node.pid());
            assertTrue(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(node.ready(), "its /health says ready");
            assertTrue(Files.readString(node.log()).contains("history: in memory"),
                    "with no store named, history in memory rather than a file in the home folder" + node.tail());
            try (JdkChatClient ann = JdkChatClient.connect(node.url("lobby", "nick=ann"));
                 JdkChatClient bob = JdkChatClient.connect(node.url("lobby", "nick=bob"))) {
                assertEquals("ann", ann.awaitType("welcome", WAIT).get("you"));
                assertEquals(2L, bob.awaitType("welcome", WAIT).get("memberCount"));
                ann.send("{\"type\":\"message\",\"text\":\"hello\",\"cid\":\"c1\"}");
                Map<String, Object> own = ann.awaitType("message", WAIT);
                Map<String, Object> bobs = bob.awaitType("message", WAIT);
                assertEquals("c1", own.get("cid"));
                assertEquals(own.get("id"), bobs.get("id"));
                assertNull(bobs.get("cid"), "only the sender's copy carries the cid");

                // chat.max.rooms=1 reached the node: a second room is refused.
                try (JdkChatClient refused = JdkChatClient.connect(node.url("other", "nick=carl"))) {
                    assertClosedFor(Disconnect.ROOM_LIMIT, refused.awaitClose(WAIT), refused.closeReason());
                }
            }
        }
    }

    @Test
    void stopIsACleanShutdownThatClosesEveryConnectionWith1001() throws Exception {
        ChatNode node = ChatNode.start("stopped", Map.of());
        try (JdkChatClient ann = JdkChatClient.connect(node.url("lobby", "nick=ann"))) {
            ann.awaitType("welcome", WAIT);
            node.stop();
            assertFalse(node.isAlive());
            assertClosedFor(Disconnect.RESTARTING, ann.awaitClose(WAIT), ann.closeReason());
        } finally {
            node.close();
        }
    }

    @Test
    void kill9EndsTheNodeAtOnceWithoutClosingItsConnections() throws Exception {
        ChatNode node = ChatNode.start("killed", Map.of());
        try (JdkChatClient ann = JdkChatClient.connect(node.url("lobby", "nick=ann"))) {
            ann.awaitType("welcome", WAIT);
            node.kill9();
            assertFalse(node.isAlive());
            assertEquals(1006, ann.awaitClose(WAIT), "no close frame from a killed node");
            assertEquals(137, node.exitCode(), "128 + SIGKILL");
        } finally {
            node.close();
        }
    }

    @Test
    void aNodeStopsByItselfWhenTheTestJvmGoesAway() throws Exception {
        ChatNode node = ChatNode.start("orphan", Map.of());
        try (JdkChatClient ann = JdkChatClient.connect(node.url("lobby", "nick=ann"))) {
            ann.awaitType("welcome", WAIT);
            node.closeStandardInput(); // what the test JVM's death does to the pipe
            assertTrue(node.exited(WAIT), "the node must exit when its standard input ends" + node.tail());
            assertEquals(0, node.exitCode(), node.tail());
            assertClosedFor(Disconnect.RESTARTING, ann.awaitClose(WAIT), ann.closeReason());
        } finally {
            node.close();
        }
    }

    @Test
    void aNodeThatCannotStartFailsTheFixtureWithItsOwnOutput() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ChatNode.start("broken", Map.of(Setting.MAX_ROOMS, "none")));
        assertTrue(e.getMessage().contains("Invalid CHAT_MAX_ROOMS"), e.getMessage());
        assertTrue(List.of(e.getMessage().split("\n")).get(0).contains("exited with 2"), e.getMessage());
    }
}
