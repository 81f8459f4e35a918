package hubchat.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * A length of time, written as a whole number in the unit the setting's name states
 * ({@code CHAT_PING_SECONDS=30}, {@code CHAT_PRESENCE_WINDOW_MS=250}). No unit suffixes: the
 * name already has one, and {@code CHAT_PING_SECONDS=1m} would read as a contradiction.
 * At most {@link Integer#MAX_VALUE} units, as before the settings had types, which keeps every
 * sum and double of a duration in milliseconds far from overflowing a {@code long}.
 */
final class DurationType implements SettingType<Duration> {
    private final ChronoUnit unit;
    private final String unitName;
    private final int min;

    DurationType(ChronoUnit unit, String unitName, int min) {
        this.unit = unit;
        this.unitName = unitName;
        this.min = min;
    }

    @Override
    public Duration parse(String text) {
        return Duration.of(WholeNumber.parse(text, min, Integer.MAX_VALUE), unit);
    }

    @Override
    public String expected() {
        return "a whole number of " + unitName + " " + WholeNumber.range(min, Integer.MAX_VALUE);
    }

    /** The unit the setting is written in, which its name must end with. */
    ChronoUnit unit() {
        return unit;
    }
}
