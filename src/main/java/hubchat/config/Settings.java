package hubchat.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The resolved values of every {@link Setting}: what the hub, the endpoint and the filters
 * read their limits from. Immutable; built once at start-up.
 */
public final class Settings {

    private final Map<Setting, String> values;

    private Settings(Map<Setting, String> values) {
        this.values = values;
    }

    /** Settings from this process's environment variables and system properties. */
    public static Settings fromEnvironment() {
        return from(System.getenv()::get, System.getProperties());
    }

    /** Defaults only: for tests. */
    public static Settings defaults() {
        return from(name -> null, new Properties());
    }

    /** Settings where {@code env} looks up variables and {@code props} overrides them. */
    public static Settings from(Function<String, String> env, Properties props) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = props.getProperty(s.property());
            if (v == null) {
                v = env.apply(s.env());
            }
            values.put(s, v == null ? s.defaultValue() : v.trim());
        }
        Settings settings = new Settings(values);
        settings.validate();
        return settings;
    }

    /** A copy with one value changed: for tests. */
    public Settings with(Setting setting, Object value) {
        Map<Setting, String> copy = new EnumMap<>(values);
        copy.put(setting, String.valueOf(value));
        Settings settings = new Settings(copy);
        settings.validate();
        return settings;
    }

    public int maxFrameBytes() { return positiveInt(Setting.MAX_FRAME_BYTES); }

    public long sendQueueBytes() { return positiveInt(Setting.SEND_QUEUE_BYTES); }

    public int historySize() { return positiveInt(Setting.HISTORY_SIZE); }

    public long historyBytes() { return positiveInt(Setting.HISTORY_BYTES); }

    public int maxRooms() { return positiveInt(Setting.MAX_ROOMS); }

    public long roomIdleMillis() { return positiveInt(Setting.ROOM_IDLE_SECONDS) * 1000L; }

    public long presenceWindowMillis() { return nonNegativeInt(Setting.PRESENCE_WINDOW_MS); }

    public long resumeHoldMillis() { return nonNegativeInt(Setting.RESUME_HOLD_SECONDS) * 1000L; }

    public long pingMillis() { return positiveInt(Setting.PING_SECONDS) * 1000L; }

    public int maxPendingFrames() { return positiveInt(Setting.MAX_PENDING_FRAMES); }

    public long unfinishedTextBytes() { return positiveInt(Setting.UNFINISHED_TEXT_BYTES); }

    public int hubThreads() {
        int n = nonNegativeInt(Setting.HUB_THREADS);
        return n == 0 ? Math.max(2, Runtime.getRuntime().availableProcessors()) : n;
    }

    /** Extra allowed origins, lower-case, without trailing slash; {@code *} allows all. */
    public List<String> allowedOrigins() {
        String raw = values.get(Setting.ALLOWED_ORIGINS);
        return java.util.Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .map(s -> s.toLowerCase(java.util.Locale.ROOT))
                .toList();
    }

    private void validate() {
        for (Setting s : Setting.values()) {
            switch (s) {
                case ALLOWED_ORIGINS -> allowedOrigins();
                case PRESENCE_WINDOW_MS, RESUME_HOLD_SECONDS, HUB_THREADS -> nonNegativeInt(s);
                default -> positiveInt(s);
            }
        }
    }

    private int positiveInt(Setting s) {
        int n = nonNegativeInt(s);
        if (n == 0) {
            throw new IllegalArgumentException(s.env() + " must be positive, got 0");
        }
        return n;
    }

    private int nonNegativeInt(Setting s) {
        String v = values.get(s);
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.env() + " must be a whole number >= 0, got '" + v + "'");
        }
    }
}
