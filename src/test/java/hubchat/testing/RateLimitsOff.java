package hubchat.testing;

import hubchat.config.Setting;
import hubchat.config.Settings;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The settings that turn every per-connection rate limit off (a rate of 0 is no limit), for the
 * servers of tests that send fast on purpose and are not about the limits: floods, slow readers,
 * load, fuzzing, cluster drills. Benchmarks run the same way.
 */
public final class RateLimitsOff {
    /** Each limit's rate at 0. */
    public static final Map<Setting, String> SETTINGS;

    static {
        Map<Setting, String> off = new EnumMap<>(Setting.class);
        for (Setting s : new Setting[] {Setting.MESSAGE_RATE, Setting.HISTORY_RATE,
                Setting.NICK_CHANGES_PER_MINUTE, Setting.TYPING_RATE}) {
            off.put(s, "0");
        }
        SETTINGS = Collections.unmodifiableMap(off);
    }

    private RateLimitsOff() {
    }

    /** {@code settings} with every rate limit off. */
    public static Settings apply(Settings settings) {
        Settings s = settings;
        for (Map.Entry<Setting, String> e : SETTINGS.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return s;
    }

    /** The same as {@code -Dname=0} system property arguments, for a server in a process of its own. */
    public static String[] systemProperties() {
        return SETTINGS.entrySet().stream().map(e -> "-D" + e.getKey().property() + "=" + e.getValue()).toArray(String[]::new);
    }
}
