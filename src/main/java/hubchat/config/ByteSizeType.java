package hubchat.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory in bytes, as a {@code long}: a plain number of bytes ({@code 16384}, as
 * always) or a whole number with a binary unit, {@code KiB}, {@code MiB} or {@code GiB}
 * (powers of 1024; case and a space before the unit do not matter: {@code 16KiB},
 * {@code 4 MiB}). {@code KB}, {@code MB}, {@code k} and the like are refused, not guessed: they
 * mean powers of 1000 to some and of 1024 to others. No fractions ({@code 1.5MiB}): say
 * {@code 1536KiB}.
 */
final class ByteSizeType implements SettingType<Long> {
    /** A number part (checked by {@link WholeNumber}) and a unit of letters at the end, maybe none. */
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(.*?)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.of(
            "", 1L, "b", 1L, "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

    private final long min;
    private final long max;

    ByteSizeType(long min, long max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Long parse(String text) {
        Matcher m = NUMBER_AND_UNIT.matcher(text);
        if (!m.matches() || m.group(1).isEmpty()) {
            throw new IllegalArgumentException("not a whole number of bytes");
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("unknown unit '" + m.group(2) + "'");
        }
        long count = WholeNumber.parse(m.group(1), 0, Long.MAX_VALUE);
        long bytes;
        try {
            bytes = Math.multiplyExact(count, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("more than " + max + " bytes");
        }
        return WholeNumber.within(bytes, min, max);
    }

    @Override
    public String expected() {
        return "a number of bytes " + WholeNumber.range(min, max)
                + ", plain or with a unit KiB, MiB or GiB (powers of 1024, e.g. 16KiB)";
    }
}
