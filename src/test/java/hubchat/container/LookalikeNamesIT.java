package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Names no one can fake and text that says what it shows, on a real container (Tomcat 11 and
 * Payara Micro 6): nicks that only look like a member's, percent-encoded in the handshake query
 * as a browser sends them, get the taken-nick suffix or {@code bad_nick}; a message with
 * controls, an ANSI escape sequence, a right-to-left override and a zero-width space reaches
 * the others, and history, cleaned. The rules are pinned in {@code hubchat.protocol}.
 */
class LookalikeNamesIT extends OnContainer {
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @Test
    void lookalikesOfAPresentNickAreSuffixedOrRefused() throws Exception {
        String room = "lookalike-" + ROOMS.incrementAndGet();
        try (JdkChatClient bob = join(room, "bob")) {
            assertEquals("bob", first(bob, "welcome").get("you"));
            try (JdkChatClient wide = join(room, "\uFF22\uFF2F\uFF22")) {
                assertEquals("\uFF22\uFF2F\uFF22-2", first(wide, "welcome").get("you"), "full width");
                try (JdkChatClient marked = join(room, "bo\u0301b")) {
                    // bob and bob-2 (the full-width one's key) are taken
                    assertEquals("b\u00F3b-3", first(marked, "welcome").get("you"), "a combining mark");
                }
            }
            for (String nick : List.of("b\u043Eb", "b\u200Bob", "bob\u2800", "bob\u3164")) {
                try (JdkChatClient refused = join(room, nick)) {
                    assertTrue(((String) first(refused, "welcome").get("you")).matches("guest-\\d{4}"), nick);
                    assertEquals("bad_nick", first(refused, "error").get("code"), nick);
                }
            }
        }
    }

    @Test
    void aMessageIsBroadcastAndStoredCleaned() throws Exception {
        String room = "clean-" + ROOMS.incrementAndGet();
        String sent = "nul\u0000 \u001B[31mred\u001B[0m pay\u200Bpal \u202Egnp.exe\r\nend";
        String cleaned = "nul [31mred[0m paypal gnp.exe\nend";
        try (JdkChatClient ann = join(room, "ann");
             JdkChatClient bob = join(room, "bob")) {
            first(ann, "welcome");
            first(bob, "welcome");
            ann.send("{\"type\":\"message\",\"text\":" + JsonFrames.quote(sent) + ",\"cid\":\"c-1\"}");
            assertEquals(cleaned, bob.awaitType("message", WAIT).get("text"));
        }
        try (JdkChatClient carl = join(room, "carl")) {
            List<Object> history = JsonFrames.list(first(carl, "welcome"), "history");
            assertEquals(cleaned, ((Map<?, ?>) history.get(history.size() - 1)).get("text"), "history");
        }
    }

    private JdkChatClient join(String room, String nick) throws Exception {
        return JdkChatClient.connect(ws(room, "nick=" + percentEncode(nick)));
    }

    /** The first frame, which must be of {@code type}. */
    private static Map<String, Object> first(JdkChatClient client, String type) throws InterruptedException {
        Map<String, Object> frame = JsonFrames.parse(client.next(WAIT));
        assertEquals(type, JsonFrames.type(frame), "frame: " + frame);
        return frame;
    }

    /** Every byte of the UTF-8 form as %XX, as a browser's encodeURIComponent writes non-ASCII. */
    private static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(String.format("%02X", x & 0xFF));
        }
        return b.toString();
    }
}
