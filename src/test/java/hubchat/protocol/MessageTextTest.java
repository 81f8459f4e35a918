package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hubchat.testing.JsonFrames;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is kept of a message's text: what others see is what it says. Line breaks and tabs stay;
 * controls, bidirectional overrides and invisible characters that could disguise it go; what a
 * language or an emoji needs stays. Pinned through {@link FrameParser}, where a post is read.
 * Each string is written with escapes, so what it holds can be read here.
 */
class MessageTextTest {
    /** WAVING BLACK FLAG, then the tags g b e n g and CANCEL TAG: the flag of England. */
    private static final String ENGLAND = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "NUL|a\u0000b|ab",
        "bell and backspace|a\u0007\u0008b|ab",
        "ESC of an ANSI colour sequence|\u001B[31mred\u001B[0m|[31mred[0m",
        "DEL|a\u007Fb|ab",
        "C1 control (CSI)|a\u009B31mb|a31mb",
        "vertical tab and form feed|a\u000B\u000Cb|ab",
        "right-to-left override|pay \u202Egnp.exe|pay gnp.exe",
        "every embedding and override|\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee|abcde",
        "every isolate|\u2066a\u2067b\u2068c\u2069d|abcd",
        "zero-width space|pay\u200Bpal|paypal",
        "word joiner and invisible operators|a\u2060\u2061\u2062\u2063\u2064b|ab",
        "byte order mark|\uFEFFhi|hi",
        "Mongolian vowel separator|a\u180Eb|ab",
        "soft hyphen|pay\u00ADpal|paypal",
        "Hangul fillers|a\u3164\uFFA0\u115F\u1160b|ab",
        "interlinear annotation|a\uFFF9hidden\uFFFAb\uFFFB|ahiddenb",
        "stray tag characters (hidden ASCII)|hi\uDB40\uDC68\uDB40\uDC69|hi",
        "tags after a flag without their end|\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65 x|\uD83C\uDFF4 x",
        "too many tags after a flag|\uD83C\uDFF4\uDB40\uDC61\uDB40\uDC61\uDB40\uDC61\uDB40\uDC61\uDB40\uDC61\uDB40\uDC61\uDB40\uDC61\uDB40\uDC61\uDB40\uDC7F|\uD83C\uDFF4",
        "blanks at both ends|\u00A0\u2800\u3000hi\u2003\u00A0|hi",
    })
    void controlsOverridesAndInvisiblesAreRemoved(String what, String sent, String kept) throws Exception {
        assertEquals(kept, textOf(sent), what);
    }

    static Stream<Arguments> lineBreaks() {
        return Stream.of(
                Arguments.of("CR LF", "a\r\nb", "a\nb"),
                Arguments.of("lone CR", "a\rb", "a\nb"),
                Arguments.of("CR CR LF", "a\r\r\nb", "a\n\nb"),
                Arguments.of("line and paragraph separators, next line", "a\u2028b\u2029c\u0085d", "a\nb\nc\nd"),
                Arguments.of("LF and tab stay", "a\n\tb", "a\n\tb"),
                Arguments.of("line breaks at both ends go", "\r\n\ta\n\n", "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineBreaks")
    void lineBreaksBecomeLineFeedsAndTabsStay(String what, String sent, String kept) throws Exception {
        assertEquals(kept, textOf(sent), what);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", // family: joined by zero-width joiners
        "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", // Persian, with a zero-width non-joiner
        "\u05E9\u05DC\u05D5\u05DD!\u200F", // Hebrew with a right-to-left mark after the punctuation
        "abc \u200E123\u200F \u061C\u0661", // left-to-right, right-to-left and Arabic letter marks
        "\u2764\uFE0F \u2764\uFE0E", // emoji and text variation selectors
        "\u845B\uDB40\uDD00", // an ideographic variation selector
        ENGLAND + " and \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F",
        "a\u00A0b \u2800 braille", // no-break space and braille blank inside
        "J\u00FCrgen a\u0301 \u674E\u96F7",
    })
    void whatALanguageOrAnEmojiNeedsIsKept(String text) throws Exception {
        assertEquals(text, textOf(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u001B", "\u202E", "\u200B\u2060\uFEFF", " \u00A0\u3000\u2800 ", "\u3164", "\r\n\t",
        "\u200D", "\u200C\u200E", "\uFE0F", "\u202E \u200B \u0000"})
    void aTextThatShowsNothingIsEmpty(String sent) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrameParser.parse(post(sent)));
        assertEquals(ErrorCode.EMPTY, e.code());
    }

    private static String textOf(String sent) throws ProtocolException {
        return ((ClientFrame.Post) FrameParser.parse(post(sent))).text();
    }

    private static String post(String text) {
        return "{\"type\":\"message\",\"text\":" + JsonFrames.quote(text) + "}";
    }
}
