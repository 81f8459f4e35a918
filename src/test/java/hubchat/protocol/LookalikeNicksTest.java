package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nicks that only look alike are one nick: either refused ({@link Names#cleanNick}) or given the
 * same key ({@link Names#nickKey}), so no one can sit beside {@code ann} as another {@code ann}.
 * Each string is written with escapes, so what it holds can be read here.
 */
class LookalikeNicksTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Cyrillic a among Latin letters|\u0430nn",
        "Cyrillic o among Latin letters|b\u043Eb",
        "Greek omicron among Latin letters|b\u03BFb",
        "braille blank at the end|ann\u2800",
        "braille blank alone|\u2800",
        "Hangul filler at the end|ann\u3164",
        "Hangul filler alone|\u3164",
        "halfwidth Hangul filler|ann\uFFA0",
        "Hangul choseong filler|ann\u115F",
        "Hangul jungseong filler|ann\u1160",
        "zero-width space|an\u200Bn",
        "zero-width non-joiner|an\u200Cn",
        "zero-width joiner|an\u200Dn",
        "left-to-right mark|ann\u200E",
        "right-to-left override|\u202Eann",
        "right-to-left isolate|\u2067ann",
        "word joiner|an\u2060n",
        "byte order mark|\uFEFFann",
        "soft hyphen|an\u00ADn",
        "combining grapheme joiner|an\u034Fn",
        "Mongolian vowel separator|ann\u180E",
        "variation selector|ann\uFE0F",
        "tag characters|ann\uDB40\uDC61",
        "marks only|\u0301\u0301",
        "an enclosing mark alone|\u20DD",
    })
    void lookalikesThatHideOrMixAreRefused(String what, String nick) {
        assertEquals(Optional.empty(), Names.cleanNick(nick), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "full width|\uFF41\uFF4E\uFF4E|\uFF41\uFF4E\uFF4E",
        "upper case|ANN|ANN",
        "full width upper case|\uFF21\uFF2E\uFF2E|\uFF21\uFF2E\uFF2E",
        "a combining acute|a\u0301nn|\u00E1nn",
        "precomposed acute|\u00E1nn|\u00E1nn",
        "a combining mark at the end|ann\u0308|ann\u0308",
        "an enclosing mark|ann\u20DD|ann\u20DD",
        "no-break space at the end|ann\u00A0|ann",
        "ideographic spaces around|\u3000ann\u3000|ann",
        "mathematical bold|\uD835\uDC1A\uD835\uDC27\uD835\uDC27|\uD835\uDC1A\uD835\uDC27\uD835\uDC27",
        "circled letters|\u24D0\u24DD\u24DD|\u24D0\u24DD\u24DD",
    })
    void lookalikesThatFoldAreKeptAsTypedButShareTheKeyOfAnn(String what, String nick, String shown) {
        assertEquals(Optional.of(shown), Names.cleanNick(nick), what + ": shown as typed, in NFC");
        assertEquals(Names.nickKey("ann"), Names.nickKey(Names.cleanNick(nick).orElseThrow()), what + ": the same nick");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no-break space|ann\u00A0lee",
        "narrow no-break space|ann\u202Flee",
        "figure space|ann\u2007lee",
        "ideographic space|ann\u3000lee",
        "em space|ann\u2003lee",
        "two plain spaces|ann  lee",
        "a no-break space and a space|ann\u00A0 lee",
    })
    void everySpaceInsideANickIsOnePlainSpace(String what, String nick) {
        assertEquals(Optional.of("ann lee"), Names.cleanNick(nick), what);
    }

    @Test
    void caseFoldsFullyAndCompatibilityFormsFold() {
        assertEquals(Names.nickKey("strasse"), Names.nickKey("STRASSE"));
        assertEquals(Names.nickKey("strasse"), Names.nickKey("stra\u00DFe"), "sharp s folds to ss");
        assertEquals(Names.nickKey("strasse"), Names.nickKey("STRA\u1E9EE"), "capital sharp s too");
        assertEquals(Names.nickKey("fish"), Names.nickKey("\uFB01sh"), "the fi ligature is f and i");
        assertEquals(Names.nickKey("\u03C3\u03BF\u03C6\u03B9\u03B1"), Names.nickKey("\u03A3\u039F\u03A6\u0399\u0391"), "Greek");
        assertEquals(Names.nickKey("\u03B1\u03C3"), Names.nickKey("\u03B1\u03C2"), "medial and final sigma");
        assertEquals(Names.nickKey("bob-2"), Names.nickKey("\uFF22\uFF2F\uFF22\uFF0D\uFF12"), "full-width suffix too");
        assertEquals(Names.nickKey("jose"), Names.nickKey("Jos\u00E9"), "accents are marks, and are dropped");
        assertEquals(Names.nickKey("i"), Names.nickKey("\u0130"), "dotted capital I is i");
    }

    @Test
    void differentNicksStayDifferent() {
        assertNotEquals(Names.nickKey("ann"), Names.nickKey("anne"));
        assertNotEquals(Names.nickKey("ann"), Names.nickKey("ann lee"));
        assertNotEquals(Names.nickKey("ann"), Names.nickKey("ann2"));
        assertNotEquals(Names.nickKey("\u0430\u043D\u043D\u0430"), Names.nickKey("\u0430\u043D\u043D"));
        assertNotEquals(Names.nickKey("\u674E\u96F7"), Names.nickKey("\u674E"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "Ann Lee", "J\u00FCrgen", "\u00E9lodie", "guest-1234", "ann_42", "\uD83D\uDE00 ann",
        "\u0430\u043D\u043D\u0430", "\u0391\u03BD\u03BD\u03B1", "\u05D0\u05E0\u05D4", "\u0639\u0644\u064A",
        "\u0939\u093F\u0928\u094D\u0926\u0940", "\u674E\u96F7", "\u5C71\u7530\u305F\u308D\u3046", "\u5C71\u7530\u30BF\u30ED\u30A6",
        "\u5C71\u7530taro", "\uAE40\uCCA0\uC218", "\uAE40\uCCA0\uC218 kim", "\u738B\u3105\u3106", "\u0E2A\u0E21\u0E0A\u0E32\u0E22"})
    void nicksInOneScriptOrAnAllowedMixAreKeptAsTheyAre(String nick) {
        assertEquals(Optional.of(nick), Names.cleanNick(nick));
        String key = Names.nickKey(nick);
        assertFalse(key.isBlank());
        assertEquals(key, Names.nickKey(key), "the key of a key is itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uAE40\u305F\u308D\u3046", "\u674E\u0430\u043D\u043D", "\u0391nn", "ann\u05D0", "\u0430\u03B1"})
    void mixesOfScriptsOutsideTheCjkOnesAreRefused(String nick) {
        assertEquals(Optional.empty(), Names.cleanNick(nick));
    }

    @Test
    void aSuffixedNickStillPassesTheRules() {
        String nick = "a\u0301".repeat(16) + "\u00E9".repeat(16);
        String clean = Names.cleanNick(nick).orElseThrow();
        String suffixed = Names.withSuffix(clean, 12);
        assertEquals(Optional.of(suffixed), Names.cleanNick(suffixed), suffixed);
        assertTrue(suffixed.endsWith("-12"));
    }
}
