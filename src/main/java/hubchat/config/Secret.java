package hubchat.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * The value of a secret setting (a key, a password). {@link #toString} is a mask, so the value
 * cannot reach a log or an exception message by accident; {@link #reveal} is the one way to
 * read it, at the place that hands it to what needs it.
 */
public final class Secret {
    /** What is shown in place of a secret, set or not. */
    public static final String MASK = "****";

    private final String value;

    Secret(String value) {
        this.value = value;
    }

    /** The secret itself: never log it. */
    public String reveal() {
        return value;
    }

    /** Whether the setting was left empty (not set). */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        // Constant time, as comparing secrets should be, though this only decides "is it the default".
        return o instanceof Secret other && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
