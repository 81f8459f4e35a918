package hubchat.bench;

import java.util.Locale;

/**
 * The progress log on stderr, {@code [chatload  12.34s] ...} (seconds since the tool started),
 * so that stdout carries only the report; silent with {@code -q}.
 */
final class Progress {

    private final boolean quiet;

    Progress(boolean quiet) {
        this.quiet = quiet;
    }

    /** One line: {@code fmt} and {@code args} as for {@link String#format}, in the root locale. */
    void log(String fmt, Object... args) {
        if (quiet) {
            return;
        }
        String line = String.format(Locale.ROOT, fmt, args);
        System.err.printf(Locale.ROOT, "[chatload %6.2fs] %s%n", MonoClock.now() / 1e9, line);
    }
}
