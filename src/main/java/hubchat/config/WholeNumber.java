package hubchat.config;

import java.math.BigInteger;

/**
 * The whole numbers that integer, byte-size and duration settings are written in, checked
 * against bounds. Its messages say what is wrong without repeating the text (see
 * {@link SettingType#parse}).
 */
final class WholeNumber {

    private WholeNumber() {
    }

    /**
     * The number {@code text} spells, from {@code min} to {@code max}. Accepts what
     * {@link Integer#parseInt} accepted before the settings had types (an optional sign, decimal
     * digits), so no value that started the server before is refused now.
     */
    static long parse(String text, long min, long max) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        BigInteger n;
        try {
            n = new BigInteger(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        // Compared as BigInteger: a number past long must say "more than", not overflow.
        if (n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("more than " + max);
        }
        return within(n.longValueExact(), min, max);
    }

    /** {@code n} itself if it is from {@code min} to {@code max}. */
    static long within(long n, long min, long max) {
        if (n < min) {
            throw new IllegalArgumentException(n < 0 ? "negative" : "less than " + min);
        }
        if (n > max) {
            throw new IllegalArgumentException("more than " + max);
        }
        return n;
    }

    /** "from 1 to 2147483647", for {@link SettingType#expected}. */
    static String range(long min, long max) {
        return "from " + min + " to " + max;
    }
}
