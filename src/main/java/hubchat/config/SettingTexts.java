package hubchat.config;

import hubchat.logging.Quoting;

/**
 * The words settings are shown to an operator in: the start-up error for a refused value, and
 * values as the start-up line quotes them. Neither ever shows a secret ({@link SettingType#show}).
 */
final class SettingTexts {
    private SettingTexts() {
    }

    /**
     * The start-up error for a refused value: which variable and property, the value (as
     * {@link SettingType#show} allows: never a secret), where it came from, what is wrong with
     * it and what is expected. E.g. {@code Invalid CHAT_MAX_FRAME_BYTES (system property
     * chat.max.frame.bytes): got 'ten' from the environment variable, not a whole number of
     * bytes; expected a number of bytes from 1 to 2147483647, ...}.
     */
    static String invalid(String env, String property, SettingType<?> type, String text, String source, String reason) {
        return "Invalid " + env + " (system property " + property + "): got '" + type.show(text) + "' from "
                + source + ", " + reason + "; expected " + type.expected();
    }

    /**
     * {@code text} bare if it is plain (printable ASCII without space, comma, quote or
     * backslash), else in double quotes with quotes, backslashes and control characters escaped.
     */
    static String quoteIfNeeded(String text) {
        return Quoting.unlessPlain(text, ',');
    }
}
