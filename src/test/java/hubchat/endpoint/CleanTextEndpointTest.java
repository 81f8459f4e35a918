package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.join;
import static hubchat.endpoint.Chat.joined;
import static hubchat.endpoint.Chat.message;
import static hubchat.endpoint.Chat.post;
import static hubchat.endpoint.Chat.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through the real endpoint and real sockets: a message holding controls, an ANSI escape
 * sequence, a right-to-left override and zero-width characters reaches everyone, and history,
 * cleaned; a message that is nothing but such characters is refused as {@code empty}; a nick
 * that only looks like a member's, sent in the handshake query, cannot sit beside him. The rules
 * themselves are pinned in {@code hubchat.protocol} ({@code MessageTextTest},
 * {@code LookalikeNicksTest}). Strings are written with escapes.
 */
class CleanTextEndpointTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with();

    @Test
    void aMessageWithControlsOverridesAndZeroWidthCharactersIsBroadcastAndStoredCleaned() throws Exception {
        String room = freshRoom("clean-text");
        String sent = "nul\u0000 \u001B[2J\u001B[31mred\u001B[0m pay\u200Bpal \u202Egnp.exe\u202C\r\nline two\u2066\u2069\tend\uFEFF";
        String cleaned = "nul [2J[31mred[0m paypal gnp.exe\nline two\tend";
        try (JdkChatClient ann = joined(SERVER, room, "ann");
             JdkChatClient bob = joined(SERVER, room, "bob")) {
            assertEquals(cleaned, post(ann, sent).get("text"), "the sender's copy");
            assertEquals(cleaned, bob.awaitType("message", WAIT).get("text"), "everyone else's");
        }
        try (JdkChatClient later = join(SERVER, room, "carl")) {
            List<?> history = (List<?>) welcome(later).get("history");
            assertEquals(cleaned, ((Map<?, ?>) history.get(history.size() - 1)).get("text"), "and history");
        }
    }

    @Test
    void aMessageOfNothingButInvisibleCharactersIsRefusedAsEmptyAndReachesNoOne() throws Exception {
        String room = freshRoom("clean-empty");
        try (JdkChatClient ann = joined(SERVER, room, "ann");
             JdkChatClient bob = joined(SERVER, room, "bob")) {
            ann.send(message("\u202E\u200B\u0000\u001B\u3164\u2800\u00A0", "c-invisible"));
            Map<String, Object> error = ann.awaitType("error", WAIT);
            assertEquals("empty", error.get("code"), "error: " + error);
            post(ann, "visible");
            Map<String, Object> atBob = bob.awaitType("message", WAIT);
            assertEquals("visible", atBob.get("text"), "the invisible message reached no one: " + atBob);
        }
    }

    @Test
    void aLookalikeNickInTheHandshakeQueryCannotSitBesideTheMemberItImitates() throws Exception {
        String room = freshRoom("lookalike");
        try (JdkChatClient bob = joined(SERVER, room, "bob");
             JdkChatClient wide = join(SERVER, room, "\uFF22\uFF2F\uFF22");
             JdkChatClient hidden = join(SERVER, room, "b\u200Bob")) {
            assertEquals("\uFF22\uFF2F\uFF22-2", welcome(wide).get("you"), "a full-width BOB is bob: suffixed");
            assertTrue(((String) welcome(hidden).get("you")).matches("guest-\\d{4}"), "a zero-width space: a guest");
            assertEquals("bad_nick", JsonFrames.parse(hidden.next(WAIT)).get("code"));
        }
    }
}
