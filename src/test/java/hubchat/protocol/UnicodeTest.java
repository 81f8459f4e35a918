package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Well-formed UTF-16: every surrogate paired, which is what a string needs to have a UTF-8 form. */
class UnicodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "J\u00fcrgen", "\u674e\u96f7", "\uD83D\uDE00", "a\uD83D\uDE00b\uD83D\uDE00",
            "\uDBFF\uDFFF", "\uFFFD", "\uFFFF"})
    void pairedSurrogatesAndEverythingElseAreWellFormed(String s) {
        assertTrue(Unicode.isWellFormed(s), s);
        assertTrue(strictUtf8CanEncode(s), "and a strict UTF-8 encoder, as a container has, agrees");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "\uDC00", "a\uD800", "\uD800b", "\uDE00\uD83D", "\uD83D\uD83D\uDE00\uDE00",
            "\uD83D\uDE00\uDE00", "x\uDFFF"})
    void anUnpairedSurrogateIsNotWellFormed(String s) {
        assertFalse(Unicode.isWellFormed(s));
        assertFalse(strictUtf8CanEncode(s), "and a strict UTF-8 encoder, as a container has, agrees");
    }

    @Test
    void shortenCutsByCodePointsAndNeverSplitsAPair() {
        String emoji = "\uD83D\uDE00";
        String s = "a" + emoji.repeat(40);
        String cut = Unicode.shorten(s, 32);
        assertEquals("a" + emoji.repeat(31) + "...", cut);
        assertTrue(Unicode.isWellFormed(cut));
        assertEquals("short", Unicode.shorten("short", 32));
        assertEquals(emoji.repeat(32), Unicode.shorten(emoji.repeat(32), 32), "exactly the limit is kept whole");
    }

    private static boolean strictUtf8CanEncode(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
