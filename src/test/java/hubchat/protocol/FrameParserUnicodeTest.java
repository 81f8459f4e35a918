package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JsonFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every string field of a client frame must be well-formed Unicode: JSON may escape a lone
 * surrogate, which no container can send back. Refused by field name, never quoted.
 */
class FrameParserUnicodeTest {
    private static final String EMOJI = "\uD83D\uDE00";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "type|{\"type\":\"\\ud800\"}|BAD_REQUEST",
        "type, after text|{\"type\":\"x\\udc00\",\"text\":\"hi\"}|BAD_REQUEST",
        "text|{\"type\":\"message\",\"text\":\"a\\ud800b\"}|BAD_REQUEST",
        "text, low half alone|{\"type\":\"message\",\"text\":\"\\udc00\"}|BAD_REQUEST",
        "text, halves reversed|{\"type\":\"message\",\"text\":\"\\ude00\\ud83d\"}|BAD_REQUEST",
        "text, high half at the end|{\"type\":\"message\",\"text\":\"ok \\ud83d\"}|BAD_REQUEST",
        "cid|{\"type\":\"message\",\"text\":\"hi\",\"cid\":\"\\ud800\"}|BAD_REQUEST",
        "nick|{\"type\":\"nick\",\"nick\":\"ann\\ud800\"}|BAD_NICK",
        "before|{\"type\":\"history\",\"before\":\"\\ud800\",\"limit\":5}|BAD_REQUEST",
        "text of another type|{\"type\":\"typing\",\"text\":\"\\ud800\"}|BAD_REQUEST",
    })
    void aLoneSurrogateInAnyFieldIsRefusedWithoutQuotingIt(String field, String frame, ErrorCode code) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameParser.parse(frame));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("well-formed Unicode"), e.getMessage());
        assertTrue(Unicode.isWellFormed(e.getMessage()), "the error message can itself be sent");
        assertFalse(e.getMessage().contains("\\u") || e.getMessage().contains("ud800"), e.getMessage());
        Frames.error(e.code(), e.getMessage()); // and its error frame can be made
    }

    @Test
    void aLoneSurrogateAlreadyDecodedInTheFrameIsRefusedToo() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> FrameParser.parse("{\"type\":\"message\",\"text\":\"a\uD800\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void escapedPairsAndUnicodeTextAreAccepted() throws Exception {
        assertEquals(new ClientFrame.Post(EMOJI + " J\u00fcrgen \u674e\u96f7", "\u00e9"),
                FrameParser.parse("{\"type\":\"message\",\"text\":\"\\ud83d\\ude00 J\u00fcrgen \u674e\u96f7\",\"cid\":\"\\u00e9\"}"));
        assertEquals(new ClientFrame.ChangeNick(EMOJI), FrameParser.parse("{\"type\":\"nick\",\"nick\":\"\\uD83D\\uDE00\"}"));
    }

    @Test
    void anUnknownTypeIsQuotedShortWithoutSplittingAPair() {
        String type = "a" + EMOJI.repeat(40); // a cut after 32 UTF-16 units would halve the 16th emoji
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> FrameParser.parse("{\"type\":\"" + type + "\"}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertTrue(Unicode.isWellFormed(e.getMessage()), "quoted part must not end in half a pair");
        assertTrue(e.getMessage().contains("a" + EMOJI.repeat(31) + "..."), e.getMessage());
        String frame = Frames.error(e.code(), e.getMessage()).json();
        assertEquals("unknown_type", JsonFrames.parse(frame).get("code"));
    }
}
