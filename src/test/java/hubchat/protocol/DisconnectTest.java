package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The causes of a disconnect: codes clients rely on, and reasons that always fit a close frame. */
class DisconnectTest {

    /** The codes each cause was sent with before it had a token: clients that read only codes see no change. */
    @ParameterizedTest
    @CsvSource({"REPLACED, 1000", "RESTARTING, 1001", "PING_TIMEOUT, 1001", "WRITE_FAILED, 1001", "BINARY_FRAME, 1003",
            "BAD_ROOM, 1008", "ROOM_LIMIT, 1008", "FLOOD, 1008", "TOO_MANY_FRAGMENTS, 1008", "BAD_QUERY, 1008",
            "TOO_BIG, 1009", "SLOW_CONSUMER, 1013", "SERVER_BUSY, 1013"})
    void everySentCauseKeepsItsCode(Disconnect cause, int code) {
        assertEquals(code, cause.code());
    }

    @Test
    void replacedIsSentAsTheBareWordClientsCompare() {
        assertEquals("replaced", Disconnect.REPLACED.reason());
    }

    @Test
    void tokensAreDistinctSnakeCaseWords() {
        Set<String> tokens = Arrays.stream(Disconnect.values()).map(Disconnect::token).collect(Collectors.toSet());
        assertEquals(Disconnect.values().length, tokens.size(), "one token per cause");
        for (String token : tokens) {
            assertTrue(token.matches("[a-z]+(_[a-z]+)*"), token);
        }
    }

    @ParameterizedTest
    @EnumSource(Disconnect.class)
    void everyCauseHasAdviceAndADescription(Disconnect cause) {
        assertTrue(cause.description().length() > 10, cause.token());
        assertFalse(cause.description().contains("\n"), "one line: " + cause.token());
        assertTrue(cause.reconnect() != null, cause.token());
    }

    @Test
    void aDetailFollowsTheTokenAfterAColon() {
        assertEquals("bad_query: a parameter is given more than once",
                Disconnect.BAD_QUERY.reason("a parameter is given more than once"));
        assertEquals("flood", Disconnect.FLOOD.reason(null));
        assertEquals("flood", Disconnect.FLOOD.reason(""));
    }

    @Test
    void aLongDetailIsCutTo123BytesBetweenCharacters() {
        String prefix = "too_big: ";
        // 'é' takes two bytes and '😀' four: however the limit falls, it must not split one
        for (String unit : new String[] {"a", "\u00E9", "\u20AC", "\uD83D\uDE00"}) {
            for (int pad = 0; pad < 4; pad++) {
                String detail = "x".repeat(pad) + unit.repeat(200);
                String reason = Disconnect.TOO_BIG.reason(detail);
                byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
                assertTrue(utf8.length <= Disconnect.MAX_REASON_BYTES, reason);
                assertTrue(utf8.length > Disconnect.MAX_REASON_BYTES - 4, "cut no shorter than needed: " + utf8.length);
                assertTrue(Unicode.isWellFormed(reason), "no half of a surrogate pair left");
                assertTrue((prefix + detail).startsWith(reason), "a start of the whole reason");
            }
        }
        String fits = "y".repeat(Disconnect.MAX_REASON_BYTES - prefix.length());
        assertEquals(prefix + fits, Disconnect.TOO_BIG.reason(fits), "exactly 123 bytes is not cut");
    }

    @Test
    void theCausesOfTheClientOrTheNetworkAreNeverSent() {
        for (Disconnect cause : new Disconnect[] {Disconnect.CLIENT_CLOSED, Disconnect.CONNECTION_LOST}) {
            assertFalse(cause.sent(), cause.token());
            assertThrows(IllegalStateException.class, cause::code);
            assertThrows(IllegalStateException.class, cause::reason);
        }
        assertEquals(2, Arrays.stream(Disconnect.values()).filter(c -> !c.sent()).count());
    }
}
