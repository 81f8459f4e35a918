package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The handshake query, decoded strictly as UTF-8 by the server itself, with the same rules everywhere. */
class HandshakeQueryTest {

    @Test
    void parametersArePercentDecodedAsUtf8() throws Exception {
        HandshakeQuery q = HandshakeQuery.parse("nick=J%C3%BCrgen&since=mk2-1f&room=%E6%9D%8E%E9%9B%B7");
        assertEquals("J\u00fcrgen", q.get("nick"));
        assertEquals("mk2-1f", q.get("since"));
        assertEquals("\u674e\u96f7", q.get("room"));
        assertEquals("\uD83D\uDE00", HandshakeQuery.parse("nick=%F0%9F%98%80").get("nick"), "four-byte form");
        assertEquals("\u00fc", HandshakeQuery.parse("nick=%c3%bc").get("nick"), "lower-case hex");
    }

    @Test
    void plusIsASpaceAndAnEncodedPlusIsAPlus() throws Exception {
        assertEquals("ann lee", HandshakeQuery.parse("nick=ann+lee").get("nick"));
        assertEquals("ann+lee", HandshakeQuery.parse("nick=ann%2Blee").get("nick"));
        assertEquals("ann lee", HandshakeQuery.parse("nick=ann%20lee").get("nick"));
        assertEquals("a=b", HandshakeQuery.parse("nick=a=b").get("nick"), "only the first = separates");
    }

    @Test
    void namesAreDecodedTooAndUnknownOnesAreIgnored() throws Exception {
        HandshakeQuery q = HandshakeQuery.parse("%6Eick=ann&v=2&_=1700000000");
        assertEquals("ann", q.get("nick"));
        assertNull(q.get("since"));
    }

    @Test
    void aNameWithoutValueHasTheEmptyValueAndEmptyPairsAreSkipped() throws Exception {
        HandshakeQuery q = HandshakeQuery.parse("&&nick&&since=&");
        assertEquals("", q.get("nick"));
        assertEquals("", q.get("since"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void noQueryHasNoParameters(String raw) throws Exception {
        assertNull(HandshakeQuery.parse(raw).get("nick"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nick=%", "nick=%zz", "nick=%e", "nick=ann%", "nick=ann%4", "nick=%%41", "nick=%g0",
            "nick=%0g", "%=ann", "nick=%\uFF10\uFF10", "nick=%\u0661\u0661"})
    void aBadPercentEscapeIsRefused(String raw) {
        assertRefused(raw, HandshakeQuery.BAD_ESCAPE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nick=%C3%28|broken two-byte sequence",
        "nick=%C3|truncated sequence",
        "nick=ann%E2%82|truncated three-byte sequence at the end",
        "nick=%80|lone continuation byte",
        "nick=%ED%A0%80|encoded high surrogate (CESU-8)",
        "nick=%ED%B0%80|encoded low surrogate",
        "nick=%ED%A0%BD%ED%B8%80|surrogate pair encoded as two three-byte forms",
        "nick=%C0%AF|overlong two-byte form of /",
        "nick=%C0%80|overlong NUL",
        "nick=%E0%80%AF|overlong three-byte form",
        "nick=%F0%80%80%AF|overlong four-byte form",
        "nick=%F4%90%80%80|beyond U+10FFFF",
        "nick=%FE|byte never in UTF-8",
        "nick=%FF|byte never in UTF-8",
        "since=%FF|any parameter",
        "x%FF=1|an unknown name is decoded too",
    })
    void percentEncodedBytesThatAreNotUtf8AreRefused(String raw, String what) {
        assertRefused(raw, HandshakeQuery.NOT_UTF8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nick=J\u00fcrgen", "nick=\u674e", "nick=ann lee", "nick=a\tb", "nick=a\u0000",
            "nick=\uD800", "nick=\u007F"})
    void aCharacterThatMustBePercentEncodedIsRefused(String raw) {
        assertRefused(raw, HandshakeQuery.UNENCODED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nick=ann&nick=bob", "nick=ann&nick=ann", "nick&nick=", "nick=a&%6Eick=b", "since=1&x=2&since=3",
            "x=1&x=2"})
    void aRepeatedParameterIsRefused(String raw) {
        assertRefused(raw, HandshakeQuery.REPEATED);
    }

    @Test
    void everyRefusalFitsInACloseReasonAndQuotesNothing() {
        for (String message : List.of(HandshakeQuery.BAD_ESCAPE, HandshakeQuery.UNENCODED, HandshakeQuery.NOT_UTF8,
                HandshakeQuery.REPEATED)) {
            String reason = Disconnect.BAD_QUERY.token() + ": " + message;
            assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= Disconnect.MAX_REASON_BYTES,
                    "a close reason is at most 123 bytes, so it is never cut: " + reason);
        }
        BadQueryException e = assertThrows(BadQueryException.class, () -> HandshakeQuery.parse("nick=%3Cscript%3E%"));
        assertFalse(e.getMessage().contains("script"), "the refusal never quotes the query: " + e.getMessage());
    }

    private static void assertRefused(String raw, String why) {
        BadQueryException e = assertThrows(BadQueryException.class, () -> HandshakeQuery.parse(raw), raw);
        assertEquals(why, e.getMessage(), raw);
    }
}
