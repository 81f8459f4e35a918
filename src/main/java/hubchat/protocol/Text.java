package hubchat.protocol;

/**
 * The rule for the text of a message: what is kept of what a client sent, so that what others
 * see is what the text says. Line breaks and tabs are kept (every line break becomes
 * {@code \n}); control characters, bidirectional embeddings, overrides and isolates, and
 * invisible characters that could hide or disguise words are removed; blank space is trimmed
 * from both ends. What is needed to write a language or an emoji is kept: the zero-width
 * joiner and non-joiner, the left-to-right, right-to-left and Arabic letter marks, variation
 * selectors, and the tag characters of an emoji tag sequence (the flags of England, Scotland
 * and Wales).
 */
public final class Text {
    /** WAVING BLACK FLAG: the base of the emoji tag sequences in use (subdivision flags). */
    private static final int TAG_BASE = 0x1F3F4;
    /** CANCEL TAG: ends an emoji tag sequence. */
    private static final int TAG_END = 0xE007F;
    /** Fewest and most tags in a flag's sequence: a subdivision id, region (2 or 3) plus suffix (1 to 4). */
    private static final int MIN_TAGS = 3;
    private static final int MAX_TAGS = 7;

    private Text() {
    }

    /** The text to keep of {@code raw} (well-formed): possibly empty. */
    public static String clean(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                out.append('\n');
                if (i < raw.length() && raw.charAt(i) == '\n') {
                    i++; // \r\n is one line break
                }
            } else if (isLineBreak(cp)) {
                out.append('\n');
            } else if (cp == TAG_BASE) {
                out.appendCodePoint(cp);
                int end = tagSequenceEnd(raw, i);
                out.append(raw, i, end);
                i = end;
            } else if (!isRemoved(cp)) {
                out.appendCodePoint(cp);
            }
        }
        return Invisibles.trimBlanks(out.toString());
    }

    /**
     * True if {@code text} (cleaned) shows nothing: it holds only blank characters and the
     * invisible ones kept for their effect on others (joiners, marks, variation selectors).
     */
    public static boolean isEmpty(String text) {
        return text.codePoints().allMatch(cp -> Invisibles.isBlank(cp) || Invisibles.isDefaultIgnorable(cp));
    }

    /** Line breaks other than CR: LF, NEXT LINE, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
    private static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    /**
     * True for what is removed wherever it stands: C0 and C1 controls but tab (line breaks are
     * turned into {@code \n} before), DEL, the interlinear annotation controls (they can hide
     * text), and every default-ignorable character but the few kept ({@link #isKeptInvisible}).
     * Tag characters are removed here; {@link #clean} keeps them only in an emoji tag sequence.
     */
    private static boolean isRemoved(int cp) {
        if (cp == '\t') {
            return false;
        }
        return Character.getType(cp) == Character.CONTROL // C0, DEL, C1
                || (cp >= 0xFFF9 && cp <= 0xFFFB)
                || (Invisibles.isDefaultIgnorable(cp) && !isKeptInvisible(cp));
    }

    /**
     * Invisible characters kept: the zero-width non-joiner and joiner (Persian and Indic
     * spelling, emoji sequences such as families), the left-to-right, right-to-left and Arabic
     * letter marks (they set the direction of the punctuation and digits next to them, and can
     * not reverse a run of letters, as overrides and isolates can), and variation selectors
     * (text or emoji style, ideographic variants). Bidirectional embeddings, overrides and
     * isolates (U+202A to U+202E, U+2066 to U+2069) are not among them.
     */
    private static boolean isKeptInvisible(int cp) {
        return cp == 0x200C || cp == 0x200D || cp == 0x200E || cp == 0x200F || cp == 0x061C
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0x180B && cp <= 0x180D) || cp == 0x180F
                || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    /**
     * Where the emoji tag sequence starting at {@code from} (right after its base) ends: after its
     * CANCEL TAG if {@link #MIN_TAGS} to {@link #MAX_TAGS} tag digits or small tag letters lead to
     * one, else at {@code from} (no sequence: stray tags are removed as they come).
     */
    private static int tagSequenceEnd(String s, int from) {
        int i = from;
        int tags = 0;
        while (i < s.length() && tags <= MAX_TAGS) {
            int cp = s.codePointAt(i);
            if (cp == TAG_END) {
                return tags >= MIN_TAGS ? i + Character.charCount(cp) : from;
            }
            if (!isTagDigitOrSmallLetter(cp)) {
                return from;
            }
            tags++;
            i += Character.charCount(cp);
        }
        return from;
    }

    private static boolean isTagDigitOrSmallLetter(int cp) {
        return (cp >= 0xE0030 && cp <= 0xE0039) || (cp >= 0xE0061 && cp <= 0xE007A);
    }
}
