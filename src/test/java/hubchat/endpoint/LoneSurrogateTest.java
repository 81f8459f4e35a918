package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.joined;
import static hubchat.endpoint.Chat.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Unicode;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A lone surrogate written as a JSON escape (valid JSON, and plain ASCII on the wire) in each
 * field a client frame has, through a real WebSocket: the sender gets an error frame that does
 * not quote it, no one else sees anything, no one is closed, and a later joiner is welcomed.
 */
class LoneSurrogateTest {
    /** How long "nothing arrives" is watched for. */
    private static final Duration QUIET = Duration.ofMillis(400);

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "type|{\"type\":\"mess\\ud800age\",\"text\":\"hidden\"}|bad_request",
        "text|{\"type\":\"message\",\"text\":\"a\\ud800b\",\"cid\":\"c-bad\"}|bad_request",
        "text, low half|{\"type\":\"message\",\"text\":\"\\udc00\"}|bad_request",
        "text, high half last|{\"type\":\"message\",\"text\":\"hidden \\ud83d\"}|bad_request",
        "cid|{\"type\":\"message\",\"text\":\"hidden\",\"cid\":\"\\ud800\"}|bad_request",
        "nick|{\"type\":\"nick\",\"nick\":\"ann\\ud800\"}|bad_nick",
        "before|{\"type\":\"history\",\"before\":\"\\ud800\"}|bad_request",
    })
    void aLoneSurrogateIsRefusedAndHurtsNoOne(String field, String frame, String code) throws Exception {
        String room = freshRoom("surrogate");
        try (JdkChatClient ann = joined(SERVER, room, "ann");
             JdkChatClient bob = joined(SERVER, room, "bob")) {
            String before = (String) post(ann, "before").get("id");

            ann.send(frame);
            Map<String, Object> e = Chat.error(ann);
            assertEquals(code, e.get("code"), field + ": " + e);
            String message = (String) e.get("message");
            assertTrue(Unicode.isWellFormed(message) && !message.contains("hidden"), "never quotes input: " + message);

            String after = (String) post(ann, "after").get("id");
            assertEquals(List.of("before", "after"), texts(bob, 2), "bob saw only the good messages");
            assertNothingMore(bob);
            assertNull(ann.closeCode(), "ann stays connected");
            assertNull(bob.closeCode(), "bob stays connected");

            try (JdkChatClient carl = joined(SERVER, room, "carl")) {
                // joined() has checked that the welcome came; its history holds the good messages only.
                carl.send("{\"type\":\"history\"}");
                List<Object> history = JsonFrames.list(carl.awaitType("history", WAIT), "messages");
                assertEquals(List.of(before, after), ids(history), "history: " + history);
            }
            assertEquals("ann", post(ann, "same nick").get("from"), "a refused nick change keeps the old nick");
        }
    }

    private static List<Object> texts(JdkChatClient client, int n) throws InterruptedException {
        return Chat.field(Chat.messages(client, n), "text");
    }

    /** No message frame arrives while frames keep coming less than {@link #QUIET} apart. */
    private static void assertNothingMore(JdkChatClient client) throws InterruptedException {
        String frame;
        while ((frame = client.poll(QUIET)) != null) {
            assertFalse("message".equals(JsonFrames.type(JsonFrames.parse(frame))), "unexpected: " + frame);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(List<Object> messages) {
        return messages.stream().map(m -> ((Map<String, Object>) m).get("id")).toList();
    }
}
