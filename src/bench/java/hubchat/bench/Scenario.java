package hubchat.bench;

import java.util.Locale;
import java.util.Map;

/**
 * The named load scenarios of docs/performance.md ({@code --scenario NAME}): each is a preset of
 * flag values, applied before the flags given on the command line, which override it. All use 1
 * room; the chat ones 10 senders and 100-byte message frames.
 */
enum Scenario {

    /** 1000 clients, closed loop, window 2 per sender: deliveries/s, delivered ratio. */
    FANOUT(chat("rate", "0", "window", "2", "warmup", "2s", "duration", "5s")),
    /** 1000 clients, 20 msg/s open loop: latency percentiles. */
    LATENCY(chat("rate", "20", "warmup", "3s", "duration", "10s")),
    /** The latency load for 20 s: server CPU-seconds per million deliveries. */
    CPU(chat("rate", "20", "warmup", "3s", "duration", "20s")),
    /** 1000 clients, stepped rates on the same connections: the highest rate that passes. */
    SATURATION(chat("warmup", "2s", "duration", "5s")),
    /** 10,000 connections in one room held 10 s: connect time, how many stay open, RSS per connection. */
    IDLE(Map.of("clients", "10000", "idle", "true", "duration", "10s")),
    /** wsload's defaults: everything set with flags. */
    CUSTOM(Map.of());

    /** The message template of the chat scenarios: a chat message whose text is the token. */
    static final String CHAT_MESSAGE = "{\"type\":\"message\",\"text\":\"%s\"}";

    private final Map<String, String> preset;

    Scenario(Map<String, String> preset) {
        this.preset = preset;
    }

    /** Flag name to value, as on the command line (durations as {@code 5s}). */
    Map<String, String> preset() {
        return preset;
    }

    /** The name on the command line and in the reports: {@code fanout}, {@code latency}, ... */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scenario named {@code label}; a {@link CannotRunException} for an unknown one. */
    static Scenario of(String label) {
        for (Scenario s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new CannotRunException("unknown --scenario " + label + " (fanout, latency, cpu, saturation, idle, custom)");
    }

    /** A chat scenario's preset: 1000 clients, 10 senders, 100-byte chat messages, 3 s drain, plus {@code pairs}. */
    private static Map<String, String> chat(String... pairs) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("clients", "1000", "senders", "10", "drain", "3s",
                "size", "100", "send", CHAT_MESSAGE));
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(m);
    }
}
