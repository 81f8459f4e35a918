package hubchat.protocol;

/**
 * The one rule for text the server accepts or sends: well-formed UTF-16, meaning every
 * surrogate is half of a pair. Only such a string has a UTF-8 form, so only such a string can
 * be written to a WebSocket; a Java string, and a JSON escape of a lone surrogate, can hold
 * others.
 */
public final class Unicode {

    private Unicode() {
    }

    /** True if {@code s} holds no unpaired surrogate. */
    public static boolean isWellFormed(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * At most {@code max} code points of {@code s} (well-formed), followed by "..." if any were
     * cut: never splits a surrogate pair.
     */
    public static String shorten(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max)) + "...";
    }

    /**
     * The longest start of {@code s} that takes at most {@code maxBytes} in UTF-8: cut between
     * characters only, never inside a surrogate pair.
     */
    public static String cutToUtf8Bytes(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes > maxBytes) {
                return s.substring(0, i);
            }
            i += Character.charCount(cp);
        }
        return s;
    }
}
