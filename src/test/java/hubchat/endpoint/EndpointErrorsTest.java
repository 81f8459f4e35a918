package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.joined;
import static hubchat.endpoint.Chat.message;
import static hubchat.endpoint.Chat.post;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a client frame can be wrong, through a real WebSocket: the ones answered with an
 * {@code error} frame (the connection stays open and usable) and the ones that close the
 * connection (1009 oversized, 1003 binary, 1008 bad room). Default settings: a 16 KiB frame limit.
 */
class EndpointErrorsTest {
    private static final int MAX_FRAME = 16384;

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with();

    static Stream<Arguments> badFrames() {
        String deep = "[".repeat(20) + "]".repeat(20);
        return Stream.of(
                Arguments.of("malformed JSON", "{not json", "bad_json"),
                Arguments.of("truncated object", "{\"type\":\"message\",\"text\":\"hi\"", "bad_json"),
                Arguments.of("trailing data", "{\"type\":\"message\",\"text\":\"hi\"} {}", "bad_json"),
                Arguments.of("an array", "[]", "bad_json"),
                Arguments.of("a string", "\"x\"", "bad_json"),
                Arguments.of("a number", "42", "bad_json"),
                Arguments.of("null", "null", "bad_json"),
                Arguments.of("an empty frame", "", "bad_json"),
                Arguments.of("nested 20 deep in an ignored field", "{\"type\":\"message\",\"text\":\"hi\",\"x\":" + deep + "}", "bad_json"),
                Arguments.of("nested 5000 deep", "[".repeat(5000), "bad_json"),
                Arguments.of("no type", "{}", "bad_request"),
                Arguments.of("type not a string", "{\"type\":42}", "bad_request"),
                Arguments.of("unknown type", "{\"type\":\"shout\",\"text\":\"hi\"}", "unknown_type"),
                Arguments.of("type in the wrong case", "{\"type\":\"MESSAGE\",\"text\":\"hi\"}", "unknown_type"),
                Arguments.of("missing text", "{\"type\":\"message\"}", "bad_request"),
                Arguments.of("null text", "{\"type\":\"message\",\"text\":null}", "bad_request"),
                Arguments.of("text a number", "{\"type\":\"message\",\"text\":42}", "bad_request"),
                Arguments.of("text an array", "{\"type\":\"message\",\"text\":[\"hi\"]}", "bad_request"),
                Arguments.of("text an object", "{\"type\":\"message\",\"text\":{\"a\":1}}", "bad_request"),
                Arguments.of("empty text", message(""), "empty"),
                Arguments.of("whitespace text", message(" \n\t\u3000 "), "empty"),
                Arguments.of("2001 characters", message("x".repeat(2001)), "too_long"),
                Arguments.of("2001 astral code points", message("\uD83D\uDE00".repeat(2001)), "too_long"),
                Arguments.of("cid of 65 characters", message("hi", "c".repeat(65)), "bad_request"),
                Arguments.of("cid a number", "{\"type\":\"message\",\"text\":\"hi\",\"cid\":7}", "bad_request"),
                Arguments.of("missing nick", "{\"type\":\"nick\"}", "bad_request"),
                Arguments.of("nick a number", "{\"type\":\"nick\",\"nick\":1}", "bad_request"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badFrames")
    void badFrameIsAnsweredWithItsErrorCodeAndTheConnectionStaysUsable(String what, String frame, String code)
            throws Exception {
        String room = freshRoom("errors");
        try (JdkChatClient c = joined(SERVER, room, "ann");
             JdkChatClient other = joined(SERVER, room, "bob")) {
            c.send(frame);
            Map<String, Object> e = Chat.error(c);
            assertEquals(code, e.get("code"), what + ": " + e);
            assertInstanceOf(String.class, e.get("message"), "error frames explain themselves: " + e);
            Chat.assertStillWorks(c);
            // The bad frame was ignored: the other member only ever sees the good message.
            Map<String, Object> m = other.awaitType("message", WAIT);
            assertEquals("still here", m.get("text"));
        }
    }

    @Test
    void severalBadFramesInARowEachGetTheirErrorInOrder() throws Exception {
        try (JdkChatClient c = joined(SERVER, freshRoom("errors-row"), "ann")) {
            List<String> frames = List.of("[]", "{\"type\":\"x\"}", message(""), message("y".repeat(2001)), "{\"type\":\"message\"}");
            for (String f : frames) {
                c.send(f);
            }
            for (String expected : List.of("bad_json", "unknown_type", "empty", "too_long", "bad_request")) {
                assertEquals(expected, Chat.error(c).get("code"));
            }
            Chat.assertStillWorks(c);
        }
    }

    @Test
    void textOfExactly2000CharactersIsAccepted() throws Exception {
        try (JdkChatClient c = joined(SERVER, freshRoom("limits"), "ann")) {
            String text = "x".repeat(1999) + "y";
            assertEquals(text, post(c, text).get("text"));
            String astral = "\uD83D\uDE00".repeat(2000); // 2000 code points, 4000 UTF-16 chars
            assertEquals(astral, post(c, astral).get("text"));
            String padded = "   " + "z".repeat(2000) + "   "; // the limit applies after trimming
            assertEquals("z".repeat(2000), post(c, padded).get("text"));
            String cid = "c".repeat(64);
            c.send(message("max cid", cid));
            assertEquals(cid, c.awaitType("message", WAIT).get("cid"));
        }
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        try (JdkChatClient c = joined(SERVER, freshRoom("forward"), "ann")) {
            c.send("{\"future\":{\"a\":[1,2,{\"b\":null}]},\"type\":\"message\",\"text\":\"hi\",\"cid\":\"k\",\"x\":true}");
            Map<String, Object> m = c.awaitType("message", WAIT);
            assertEquals("hi", m.get("text"));
            assertEquals("k", m.get("cid"));
        }
    }

    // ---- closing errors -----------------------------------------------------------------------

    @Test
    void frameOverTheSizeLimitIsClosedWith1009() throws Exception {
        try (JdkChatClient c = joined(SERVER, freshRoom("too-big"), "ann")) {
            String frame = padTo(MAX_FRAME + 1);
            c.send(frame);
            assertClosedFor(Disconnect.TOO_BIG, c.awaitClose(WAIT), c.closeReason());
        }
    }

    @Test
    void frameOverTheLimitInUtf8BytesButNotInCharsIsClosedWith1009() throws Exception {
        try (JdkChatClient c = joined(SERVER, freshRoom("too-big-utf8"), "ann")) {
            // 6000 chars of 3 bytes each: 18000 bytes, under 16384 chars.
            c.send(message("\u20AC".repeat(6000)));
            assertEquals(1009, c.awaitClose(WAIT));
        }
    }

    @Test
    void frameOfExactlyTheSizeLimitIsNotClosed() throws Exception {
        try (JdkChatClient c = joined(SERVER, freshRoom("size-ok"), "ann")) {
            String frame = padTo(MAX_FRAME);
            assertEquals(MAX_FRAME, frame.getBytes(StandardCharsets.UTF_8).length);
            c.send(frame);
            assertEquals("too_long", Chat.error(c).get("code"), "read and refused, not closed");
            Chat.assertStillWorks(c);
        }
    }

    @Test
    void binaryFrameIsClosedWith1003() throws Exception {
        String room = freshRoom("binary");
        try (JdkChatClient other = joined(SERVER, room, "bob");
             RawWebSocket raw = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=ann", 0)) {
            assertEquals("welcome", JsonFrames.type(JsonFrames.parse(raw.readFrame(WAIT).text())));
            raw.write(RawWebSocket.frame(RawWebSocket.OP_BINARY, new byte[] {1, 2, 3}));
            RawWebSocket.Frame close = raw.awaitCloseFrame(WAIT);
            assertClosedFor(Disconnect.BINARY_FRAME, close.closeCode(), close.closeReason());
            Chat.assertStillWorks(other);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad%20room", "caf%C3%A9", "a.b", "a+b", "%F0%9F%98%80", "%3Cscript%3E", "a%3Bb",
            "semi;colon",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badRoomNameIsClosedWith1008BeforeAnyWelcome(String rawRoom) throws Exception {
        int before = SERVER.hub().connectionCount();
        int rooms = SERVER.hub().roomCount();
        try (JdkChatClient c = SERVER.connect(rawRoom, "nick=ann")) {
            assertClosedFor(Disconnect.BAD_ROOM, c.awaitClose(WAIT), c.closeReason());
            assertEquals(List.of(), c.pending(), "no frame for a refused room");
        }
        assertEquals(before, SERVER.hub().connectionCount(), "no member was made");
        assertEquals(rooms, SERVER.hub().roomCount(), "no room was made");
    }

    @Test
    void roomNameOf64AllowedCharactersIsAccepted() throws Exception {
        String room = "A-z_0".repeat(12) + "1234";
        assertEquals(64, room.length());
        try (JdkChatClient c = SERVER.connect(room, "nick=ann")) {
            assertEquals(room, Chat.welcome(c).get("room"));
            assertNull(c.closeCode());
        }
    }

    @Test
    void closedMemberLeavesTheHub() throws Exception {
        String room = freshRoom("gone");
        try (JdkChatClient stay = joined(SERVER, room, "stay")) {
            int before = SERVER.hub().connectionCount();
            JdkChatClient c = joined(SERVER, room, "ann");
            // Wait for ann's join to be announced: a join and a leave in one window cancel out.
            stay.await(f -> "presence".equals(JsonFrames.type(f)) && Chat.strings(f, "joined").contains("ann"),
                    "presence: ann joined", WAIT);
            c.send(padTo(MAX_FRAME + 1));
            assertEquals(1009, c.awaitClose(WAIT));
            c.close();
            Map<String, Object> p = stay.await(f -> "presence".equals(JsonFrames.type(f))
                    && Chat.strings(f, "left").contains("ann"), "presence: ann left", WAIT);
            assertEquals(1L, p.get("memberCount"));
            assertEquals(before, SERVER.hub().connectionCount());
            assertNull(stay.closeCode());
        }
    }

    /** A message frame whose JSON is exactly {@code bytes} bytes long (ASCII). */
    private static String padTo(int bytes) {
        String shell = message("");
        return message("p".repeat(bytes - shell.length()));
    }
}
