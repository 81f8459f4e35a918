package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hubchat.testing.JsonFrames;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server frames: valid JSON whatever the text or user id, a message's {@code fromId} only for
 * a sender with an identity, sizes counted in UTF-8, lists capped.
 */
class FramesTest {

    @Test
    void hostileTextIsEscapedIntoValidJson() {
        String text = "\"}<script>alert(1)</script>\u0000\n\\\u2028\uD83D\uDE00";
        ChatMessage m = new ChatMessage("i-1", "lobby", "<b>ann</b>", null, text, 5);
        Map<String, Object> frame = JsonFrames.parse(m.frame().json());
        assertEquals(text, frame.get("text"));
        assertEquals("<b>ann</b>", frame.get("from"));
    }

    @Test
    void aMessageFrameCarriesFromIdBesideFromOnlyForASenderWithAnIdentity() {
        ChatMessage anonymous = new ChatMessage("i-1", "lobby", "ann", null, "hi", 5);
        assertEquals("{\"type\":\"message\",\"id\":\"i-1\",\"room\":\"lobby\",\"from\":\"ann\",\"text\":\"hi\",\"ts\":5}",
                anonymous.frame().json(), "as it always was");
        ChatMessage user = new ChatMessage("i-2", "lobby", "Ann", "u-1", "hi", 6);
        assertEquals("{\"type\":\"message\",\"id\":\"i-2\",\"room\":\"lobby\",\"from\":\"Ann\",\"fromId\":\"u-1\","
                + "\"text\":\"hi\",\"ts\":6}", user.frame().json());
        assertEquals("{\"type\":\"message\",\"id\":\"i-2\",\"room\":\"lobby\",\"from\":\"Ann\",\"fromId\":\"u-1\","
                + "\"text\":\"hi\",\"ts\":6,\"cid\":\"c1\"}", Frames.message(user, "c1").json(), "the sender's own copy");
        Map<String, Object> welcome = JsonFrames.parse(Frames.welcome("lobby", "bob", List.of("bob"), 1, List.of(user, anonymous),
                false, "s").json());
        List<Object> history = JsonFrames.list(welcome, "history");
        assertEquals("u-1", ((Map<?, ?>) history.get(0)).get("fromId"), "a welcome's history embeds the frames");
        assertFalse(((Map<?, ?>) history.get(1)).containsKey("fromId"));
    }

    @Test
    void aUserIdIsEscapedIntoValidJsonWhateverItHolds() {
        String id = "\"}<u>\u0000\n\\\u2028\uD83D\uDE00";
        Map<String, Object> frame = JsonFrames.parse(new ChatMessage("i-1", "lobby", "ann", id, "hi", 5).frame().json());
        assertEquals(id, frame.get("fromId"));
        assertEquals("ann", frame.get("from"));
    }

    @Test
    void byteSizesAreUtf8() {
        assertEquals(3, OutboundFrame.utf8Length("abc"));
        assertEquals(2, OutboundFrame.utf8Length("\u00e9"));
        assertEquals(3, OutboundFrame.utf8Length("\u20ac"));
        assertEquals(4, OutboundFrame.utf8Length("\uD83D\uDE00"));
        String mixed = "a\u00e9\u20ac\uD83D\uDE00";
        assertEquals(mixed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, OutboundFrame.of(mixed).bytes());
    }

    @Test
    void aFramesUtf8FormIsMadeOnceAndSharedByEveryWrite() {
        String mixed = "{\"text\":\"a\u00e9\u20ac\uD83D\uDE00\"}";
        OutboundFrame frame = OutboundFrame.of(mixed);
        byte[] first = frame.utf8();
        org.junit.jupiter.api.Assertions.assertArrayEquals(mixed.getBytes(java.nio.charset.StandardCharsets.UTF_8), first);
        assertEquals(frame.bytes(), first.length);
        org.junit.jupiter.api.Assertions.assertSame(first, frame.utf8(), "the second recipient's write copies the same bytes");
    }

    @Test
    void memberAndPresenceListsAreCappedAt200Names() {
        List<String> many = Collections.nCopies(1000, "n");
        Map<String, Object> welcome = JsonFrames.parse(Frames.welcome("r", "you", many, 1000, List.of(), false, "s").json());
        assertEquals(200, JsonFrames.list(welcome, "members").size());
        assertEquals(1000L, welcome.get("memberCount"));
        Map<String, Object> presence = JsonFrames.parse(Frames.presence(many, many, 5).json());
        assertEquals(200, JsonFrames.list(presence, "joined").size());
        assertEquals(200, JsonFrames.list(presence, "left").size());
    }

    @Test
    void historyEmbedsTheStoredFramesVerbatim() {
        ChatMessage m = new ChatMessage("i-1", "lobby", "ann", null, "hi", 5);
        String history = Frames.history(List.of(m, m)).json();
        assertEquals("{\"type\":\"history\",\"messages\":[" + m.frame().json() + "," + m.frame().json() + "]}", history);
    }
}
