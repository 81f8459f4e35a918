package hubchat.protocol;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which mixes of writing systems a nick may hold: the "highly restrictive" level of Unicode's
 * UTS #39 (section 5.2). A nick is of one script, plus characters every script uses (Common:
 * digits, punctuation, symbols, emoji) and marks that take the script of their base
 * (Inherited); the only mixes allowed are the ones Chinese, Japanese and Korean writing needs,
 * each with Latin. So a Cyrillic {@code а} among Latin letters is refused, while a nick wholly
 * in Cyrillic that happens to look Latin is not (that needs a table of confusable characters).
 */
final class Scripts {
    /** Scripts that mix with any other, and so are left out of the count. */
    private static final Set<UnicodeScript> NEUTRAL = EnumSet.of(UnicodeScript.COMMON, UnicodeScript.INHERITED);
    /** The mixes of more than one script allowed: Japanese, Chinese (with Bopomofo), Korean; each with Latin. */
    private static final List<Set<UnicodeScript>> ALLOWED_MIXES = List.of(
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    private Scripts() {
    }

    /** True if the scripts of {@code s} are one, or one of the allowed mixes, or none (all Common). */
    static boolean isHighlyRestrictive(String s) {
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        s.codePoints().mapToObj(UnicodeScript::of).filter(script -> !NEUTRAL.contains(script)).forEach(scripts::add);
        return scripts.size() <= 1 || ALLOWED_MIXES.stream().anyMatch(mix -> mix.containsAll(scripts));
    }
}
