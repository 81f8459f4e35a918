package hubchat.config;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The rule a {@link Setting} is written in: how its text is parsed and checked, what an operator
 * is told to write instead of a bad value, and how the value may be shown in a log.
 *
 * <p>The rules are a closed set, so every setting is one of the kinds the README documents.
 * {@link #parse} throws {@link IllegalArgumentException} whose message says what is wrong
 * <em>without</em> repeating the text: the caller adds the text itself, masked by {@link #show}
 * when the setting is secret.
 *
 * @param <T> what the text becomes
 */
public sealed interface SettingType<T> permits IntegerType, ByteSizeType, DurationType, TextType, ChoiceType, UrlType, ListType, OriginsType, SecretType {

    /** The value {@code text} (already trimmed) stands for; throws {@link IllegalArgumentException} if it is not one. */
    T parse(String text);

    /** What an operator may write, for error messages: "a whole number from 1 to 2147483647". */
    String expected();

    /** {@code text} as it may appear in a log or an error message; a secret shows as {@link Secret#MASK}. */
    default String show(String text) {
        return text;
    }

    /** A whole number from {@code min} to {@link Integer#MAX_VALUE}. */
    static SettingType<Integer> wholeNumber(int min) {
        return new IntegerType(min);
    }

    /** A count of bytes from {@code min} to {@code max}, plain or with a binary unit ({@code 16KiB}). */
    static SettingType<Long> byteSize(long min, long max) {
        return new ByteSizeType(min, max);
    }

    /** A whole number of seconds, at least {@code min}: the unit is the setting's name's ({@code _SECONDS}). */
    static SettingType<Duration> seconds(int min) {
        return new DurationType(ChronoUnit.SECONDS, "seconds", min);
    }

    /** A whole number of milliseconds, at least {@code min}: the unit is the setting's name's ({@code _MS}). */
    static SettingType<Duration> millis(int min) {
        return new DurationType(ChronoUnit.MILLIS, "milliseconds", min);
    }

    /** Any text. */
    static SettingType<String> text() {
        return new TextType();
    }

    /** One of {@code choices} (lower case), written in any case. */
    static SettingType<String> choice(String... choices) {
        return new ChoiceType(List.of(choices));
    }

    /** Nothing (not set), or an absolute URL with one of these schemes and a host. */
    static SettingType<Optional<URI>> url(String... schemes) {
        return new UrlType(List.of(schemes));
    }

    /** Comma-separated items, none of them empty; nothing at all is the empty list. */
    static SettingType<List<String>> list() {
        return new ListType();
    }

    /**
     * Comma-separated web origins ({@code https://chat.example.com}); with {@code anyAllowed},
     * {@code *} alone for any origin; with {@code emptyAllowed}, nothing for none.
     */
    static SettingType<OriginList> origins(boolean anyAllowed, boolean emptyAllowed) {
        return new OriginsType(anyAllowed, emptyAllowed);
    }

    /** Nothing (not set), or at least {@code minLength} characters; never shown. */
    static SettingType<Secret> secret(int minLength) {
        return new SecretType(minLength);
    }
}
