package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.encode;
import static hubchat.endpoint.Chat.field;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.join;
import static hubchat.endpoint.Chat.joined;
import static hubchat.endpoint.Chat.message;
import static hubchat.endpoint.Chat.objects;
import static hubchat.endpoint.Chat.post;
import static hubchat.endpoint.Chat.postAll;
import static hubchat.endpoint.Chat.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chat traffic end to end through the real endpoint, on Tyrus' Grizzly server with Weld SE for
 * CDI and real WebSockets: what the adapter adds to the hub. A message goes through the
 * application's wiring and the real socket writes to every member, stamped by the wall clock;
 * text and names that look hostile survive the JSON and the handshake query both ways; the
 * handshake's {@code since} reaches the hub. The chat rules themselves (welcome, order,
 * presence, nicks, typing, history, resume) are pinned once, in {@code hubchat.hub}, on a clock
 * moved by hand. Error frames and close codes are in {@link EndpointErrorsTest}; flood, slow
 * consumers, room limit and liveness each have their own server with their own settings.
 */
class ChatEndpointTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with();

    @Test
    void aMessageGoesEndToEndToEveryMemberWithItsCidOnlyOnTheSendersCopyAndAWallClockTs() throws Exception {
        String room = freshRoom("fanout");
        try (JdkChatClient ann = joined(SERVER, room, "ann");
             JdkChatClient bob = joined(SERVER, room, "bob");
             JdkChatClient carl = joined(SERVER, room, "carl")) {
            long before = System.currentTimeMillis();
            ann.send(message("  hello  ", "c-17"));
            Map<String, Object> own = ann.awaitType("message", WAIT);
            Map<String, Object> atBob = bob.awaitType("message", WAIT);
            Map<String, Object> atCarl = carl.awaitType("message", WAIT);

            assertEquals("c-17", own.get("cid"), "the sender's copy is its acknowledgement");
            assertFalse(atBob.containsKey("cid"), "others get no cid: " + atBob);
            assertFalse(atCarl.containsKey("cid"), "others get no cid: " + atCarl);
            for (Map<String, Object> m : List.of(own, atBob, atCarl)) {
                assertEquals(own.get("id"), m.get("id"));
                assertEquals(room, m.get("room"));
                assertEquals("ann", m.get("from"));
                assertEquals("hello", m.get("text"), "text is trimmed");
                long ts = (Long) m.get("ts");
                assertTrue(ts >= before - 1000 && ts <= System.currentTimeMillis() + 1000, "ts is epoch millis: " + ts);
            }

            bob.send(message("no cid here"));
            for (JdkChatClient c : List.of(ann, bob, carl)) {
                Map<String, Object> m = c.awaitType("message", WAIT);
                assertEquals("no cid here", m.get("text"));
                assertFalse(m.containsKey("cid"), "no cid sent, none echoed: " + m);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<script>alert(1)</script>", "Tom & \"Jerry\"", "a=b?c#d/e", "\uD83D\uDE00 ann",
            "'; DROP TABLE--", "名前"})
    void hostileLookingNamesAndTextsAreAcceptedAsPlainTextAndComeBackExactly(String name) throws Exception {
        String room = freshRoom("hostile");
        try (JdkChatClient c = join(SERVER, room, name);
             JdkChatClient other = joined(SERVER, room, "other")) {
            Map<String, Object> w = welcome(c);
            assertEquals(name, w.get("you"), "a legal nick, whatever it looks like");
            // a tab, which JSON must escape, is the one control character message text keeps
            String text = "<img src=x onerror=alert(1)> " + name + " \\ \" \t </script>";
            Map<String, Object> echo = post(c, text);
            assertEquals(text, echo.get("text"));
            assertEquals(name, echo.get("from"));
            Map<String, Object> atOther = other.awaitType("message", WAIT);
            assertEquals(text, atOther.get("text"));
            assertEquals(name, atOther.get("from"));

            c.send("{\"type\":\"nick\",\"nick\":" + JsonFrames.quote(name + "2") + "}");
            assertEquals(name + "2", other.awaitType("nick", WAIT).get("to"));
        }
    }

    @Test
    void theSinceOfTheHandshakeResumesAfterThatMessage() throws Exception {
        String room = freshRoom("since");
        List<String> ids;
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            ids = postAll(ann, List.of("a1", "a2", "a3"));
        }
        try (JdkChatClient bob = SERVER.connect(room, "nick=bob&since=" + encode(ids.get(0)))) {
            Map<String, Object> w = welcome(bob);
            assertEquals(Boolean.TRUE, w.get("resumed"));
            assertEquals(ids.subList(1, 3), field(objects(w, "history"), "id"), "the messages after since");
        }
    }
}
