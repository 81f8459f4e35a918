package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every client frame, and every way to get one wrong. */
class FrameParserTest {

    @Test
    void aMessageIsTrimmedAndKeepsItsCid() throws Exception {
        assertEquals(new ClientFrame.Post("hi", "c1"), FrameParser.parse("{\"type\":\"message\",\"text\":\" hi \\n\",\"cid\":\"c1\"}"));
        assertEquals(new ClientFrame.Post("hi", null), FrameParser.parse("{\"text\":\"hi\",\"type\":\"message\",\"extra\":{\"a\":[1,2]}}"));
    }

    @Test
    void theOtherFramesParse() throws Exception {
        assertEquals(new ClientFrame.ChangeNick("ann"), FrameParser.parse("{\"type\":\"nick\",\"nick\":\" ann \"}"));
        assertEquals(new ClientFrame.Typing(), FrameParser.parse("{\"type\":\"typing\"}"));
        assertEquals(new ClientFrame.HistoryRequest("x-1", 10), FrameParser.parse("{\"type\":\"history\",\"before\":\"x-1\",\"limit\":10}"));
        assertEquals(new ClientFrame.HistoryRequest(null, 50), FrameParser.parse("{\"type\":\"history\"}"));
    }

    @Test
    void textOfExactly2000CharactersIsAcceptedAnd2001IsTooLong() throws Exception {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        FrameParser.parse("{\"type\":\"message\",\"text\":\"" + emoji.repeat(2000) + "\"}");
        assertCode(ErrorCode.TOO_LONG, "{\"type\":\"message\",\"text\":\"" + "a".repeat(2001) + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "", "[]", "\"x\"", "42", "null", "{\"type\":\"typing\"} {}",
            "{\"type\":\"message\",\"text\":\"a\"", "{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}", "{'type':'typing'}"})
    void malformedJsonIsBadJson(String frame) {
        assertCode(ErrorCode.BAD_JSON, frame);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|BAD_REQUEST",
        "{\"type\":7}|BAD_REQUEST",
        "{\"type\":\"message\"}|BAD_REQUEST",
        "{\"type\":\"message\",\"text\":5}|BAD_REQUEST",
        "{\"type\":\"message\",\"text\":[\"a\"]}|BAD_REQUEST",
        "{\"type\":\"message\",\"text\":\"   \"}|EMPTY",
        "{\"type\":\"message\",\"text\":\"a\",\"cid\":7}|BAD_REQUEST",
        "{\"type\":\"nick\"}|BAD_REQUEST",
        "{\"type\":\"nick\",\"nick\":\"\"}|BAD_NICK",
        "{\"type\":\"history\",\"limit\":0}|BAD_REQUEST",
        "{\"type\":\"history\",\"limit\":101}|BAD_REQUEST",
        "{\"type\":\"history\",\"limit\":\"5\"}|BAD_REQUEST",
        "{\"type\":\"history\",\"limit\":1.5}|BAD_REQUEST",
        "{\"type\":\"history\",\"limit\":99999999999}|BAD_REQUEST",
        "{\"type\":\"welcome\"}|UNKNOWN_TYPE",
        "{\"type\":\"MESSAGE\",\"text\":\"a\"}|UNKNOWN_TYPE",
    })
    void badFramesAreNamedPrecisely(String frame, ErrorCode code) {
        assertCode(code, frame);
    }

    @Test
    void anOverlongCidIsRefused() {
        assertCode(ErrorCode.BAD_REQUEST, "{\"type\":\"message\",\"text\":\"a\",\"cid\":\"" + "c".repeat(65) + "\"}");
    }

    private static void assertCode(ErrorCode code, String frame) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameParser.parse(frame));
        assertEquals(code, e.code(), e.getMessage());
    }
}
