package hubchat.protocol;

/**
 * Characters that show nothing, or nothing but blank space: what the nick and text rules
 * ({@link Names}, {@link Text}) refuse, remove or trim. The JDK has no method for Unicode's
 * {@code Default_Ignorable_Code_Point} property, so its table is copied here.
 */
final class Invisibles {
    /**
     * Unicode's {@code Default_Ignorable_Code_Point} (DerivedCoreProperties.txt, Unicode 15), as
     * inclusive ranges: characters a renderer draws as nothing when it does not support them, and
     * usually when it does: zero-width characters, bidirectional controls, Hangul fillers,
     * variation selectors, tag characters, and code points reserved to join them.
     */
    private static final int[][] DEFAULT_IGNORABLE = {
        {0x00AD, 0x00AD}, // soft hyphen
        {0x034F, 0x034F}, // combining grapheme joiner
        {0x061C, 0x061C}, // Arabic letter mark
        {0x115F, 0x1160}, // Hangul choseong and jungseong fillers
        {0x17B4, 0x17B5}, // Khmer inherent vowels
        {0x180B, 0x180F}, // Mongolian free variation selectors, vowel separator
        {0x200B, 0x200F}, // zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
        {0x202A, 0x202E}, // bidirectional embeddings and overrides
        {0x2060, 0x206F}, // word joiner, invisible operators, bidirectional isolates, deprecated formats
        {0x3164, 0x3164}, // Hangul filler
        {0xFE00, 0xFE0F}, // variation selectors 1 to 16
        {0xFEFF, 0xFEFF}, // zero-width no-break space (byte order mark)
        {0xFFA0, 0xFFA0}, // halfwidth Hangul filler
        {0xFFF0, 0xFFF8}, // reserved
        {0x1BCA0, 0x1BCA3}, // shorthand format controls
        {0x1D173, 0x1D17A}, // musical symbol beam and phrase controls
        {0xE0000, 0xE0FFF}, // tag characters, variation selectors 17 to 256, reserved
    };
    /** BRAILLE PATTERN BLANK: a visible character by Unicode's properties, but an empty cell on screen. */
    static final int BRAILLE_BLANK = 0x2800;

    private Invisibles() {
    }

    /** True if {@code cp} has Unicode's {@code Default_Ignorable_Code_Point} property. */
    static boolean isDefaultIgnorable(int cp) {
        if (cp < DEFAULT_IGNORABLE[0][0]) {
            return false;
        }
        for (int[] range : DEFAULT_IGNORABLE) {
            if (cp < range[0]) {
                return false;
            }
            if (cp <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if {@code cp} shows as blank space: Java's whitespace (which takes in line breaks and
     * tabs), every space separator ({@code Zs}, the no-break ones too), and the braille blank.
     */
    static boolean isBlank(int cp) {
        return Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR || cp == BRAILLE_BLANK;
    }

    /** {@code s} without blank characters ({@link #isBlank}) at either end. */
    static String trimBlanks(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isBlank(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }
}
