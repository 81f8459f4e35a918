package hubchat.bench;

import static hubchat.bench.MonoClock.SEC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one load run does: every flag's value once the defaults, the scenario's preset and the
 * command line are merged ({@link CommandLine}). Immutable; durations in nanoseconds. The flags
 * themselves are described in {@link CommandLine#USAGE}.
 */
final class LoadOptions {

    /** Every flag's default: wsload's (the custom scenario); presets and the command line override them. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("clients", "100"), Map.entry("senders", "1"),
            Map.entry("rate", "0"), Map.entry("window", "4"), Map.entry("window-timeout", "5s"), Map.entry("warmup", "2s"),
            Map.entry("duration", "10s"), Map.entry("drain", "3s"), Map.entry("settle", "1s"), Map.entry("settle-quiet", "1s"),
            Map.entry("settle-max", "60s"), Map.entry("send", "%s"), Map.entry("size", "0"), Map.entry("conc", "64"),
            Map.entry("ramp", "2000"), Map.entry("dial-timeout", "10s"), Map.entry("connect-timeout", "120s"),
            Map.entry("write-timeout", "5s"), Map.entry("echo", "auto"), Map.entry("server-pid", ""),
            Map.entry("http-clients", "4"), Map.entry("threads", "0"), Map.entry("max-rate", "2000"),
            Map.entry("sat-ratio", "0.999"), Map.entry("sat-p99-ms", "100"));
    /** Saturation: the steps below 100 msg/s when --rates is not given (then every 50 up to --max-rate). */
    private static final List<Double> FIRST_RATES = List.of(25.0, 50.0);
    /** Saturation: the default series steps by this much from 100 msg/s. */
    private static final double RATE_STEP = 50;

    final String url;
    final Scenario scenario;
    final int clients;
    final int senders;
    /** Total messages/s, open loop; 0 = closed loop bounded by {@link #window}. */
    final double rate;
    final int window;
    final long windowTimeout;
    final long warmup;
    final long duration;
    final long drain;
    final long settle;
    final long settleQuiet;
    final long settleMax;
    /** Message template: {@code %s} becomes the token and its padding. */
    final String send;
    final int size;
    final boolean idle;
    final String origin;
    final int conc;
    final double ramp;
    final long dialTimeout;
    final long connectTimeout;
    final long writeTimeout;
    /** {@code auto}, {@code yes} or {@code no}: whether a sender's own echo counts as a delivery. */
    final String echo;
    /** The server's process id for /proc sampling; 0 = none. */
    final int serverPid;
    final boolean json;
    final boolean quiet;
    final int httpClients;
    /** Executor threads shared by the HTTP clients; 0 = none (listeners run on the selector threads). */
    final int threads;
    /** Saturation steps in msg/s (empty unless the saturation scenario or --rates). */
    final List<Double> rates;
    final SaturationCriteria criteria;

    /** Reads and checks {@code flags} (flag name without dashes to value; booleans "true"). */
    LoadOptions(Scenario scenario, Map<String, String> flags) {
        this.scenario = scenario;
        Flags f = new Flags(flags);
        url = flags.get("url");
        clients = f.integer("clients");
        senders = f.integer("senders");
        rate = f.decimal("rate");
        window = f.integer("window");
        windowTimeout = f.duration("window-timeout");
        warmup = f.duration("warmup");
        duration = f.duration("duration");
        drain = f.duration("drain");
        settle = f.duration("settle");
        settleQuiet = f.duration("settle-quiet");
        settleMax = f.duration("settle-max");
        send = flags.get("send");
        size = f.integer("size");
        idle = f.bool("idle");
        origin = flags.get("origin");
        conc = f.integer("conc");
        ramp = f.decimal("ramp");
        dialTimeout = f.duration("dial-timeout");
        connectTimeout = f.duration("connect-timeout");
        writeTimeout = f.duration("write-timeout");
        echo = flags.get("echo");
        String pid = flags.get("server-pid");
        serverPid = pid.isBlank() ? 0 : f.integer("server-pid", pid.trim().split("\\s+")[0]);
        json = f.bool("json");
        quiet = f.bool("quiet");
        httpClients = f.integer("http-clients");
        threads = f.integer("threads");
        rates = flags.containsKey("rates") ? f.decimals("rates")
                : scenario == Scenario.SATURATION ? defaultRates(f.decimal("max-rate")) : List.of();
        criteria = new SaturationCriteria(f.decimal("sat-ratio"), f.decimal("sat-p99-ms"), SaturationCriteria.DEFAULT.minSendFraction());
        check();
    }

    /** The saturation scenario steps through {@link #rates} on the same connections. */
    boolean saturation() {
        return scenario == Scenario.SATURATION;
    }

    /** The longest a whole run may take with these options before the watchdog ends it. */
    long hardLimit() {
        int steps = saturation() ? rates.size() : 1;
        long perStep = settle + settleMax + warmup + duration + drain + windowTimeout;
        return connectTimeout + settle + settleMax + steps * perStep + 30 * SEC;
    }

    private void check() {
        if (url == null) throw new CannotRunException("--url is required\n" + CommandLine.USAGE);
        if (clients < 1) throw new CannotRunException("--clients must be >= 1");
        if (senders < 0 || senders > clients) throw new CannotRunException("--senders must be in 0..clients");
        if (window < 1 || window > Phase.MAX_WINDOW) throw new CannotRunException("--window must be in 1.." + Phase.MAX_WINDOW);
        if (!send.contains("%s")) throw new CannotRunException("--send template must contain %s");
        if (conc < 1 || httpClients < 1 || threads < 0) {
            throw new CannotRunException("--conc, --http-clients must be >= 1, --threads >= 0");
        }
    }

    private static List<Double> defaultRates(double maxRate) {
        List<Double> r = new ArrayList<>(FIRST_RATES);
        for (double rate = 100; rate <= maxRate; rate += RATE_STEP) {
            r.add(rate);
        }
        return List.copyOf(r);
    }

    /** Typed reads of flag values; a value that does not parse is a {@link CannotRunException}. */
    private record Flags(Map<String, String> values) {

        int integer(String flag) {
            return integer(flag, values.get(flag));
        }

        int integer(String flag, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new CannotRunException("bad --" + flag + ": " + value);
            }
        }

        double decimal(String flag) {
            return decimal(flag, values.get(flag));
        }

        double decimal(String flag, String value) {
            try {
                return Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new CannotRunException("bad --" + flag + ": " + value);
            }
        }

        List<Double> decimals(String flag) {
            List<Double> out = new ArrayList<>();
            for (String r : values.get(flag).split(",")) {
                out.add(decimal(flag, r));
            }
            return List.copyOf(out);
        }

        boolean bool(String flag) {
            return "true".equals(values.get(flag));
        }

        /** {@code 5s}, {@code 500ms}, {@code 2m} or plain seconds, in nanoseconds. */
        long duration(String flag) {
            String s = values.get(flag).trim();
            try {
                if (s.endsWith("ms")) return (long) (Double.parseDouble(s.substring(0, s.length() - 2)) * 1e6);
                if (s.endsWith("s")) return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1e9);
                if (s.endsWith("m")) return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 60e9);
                return (long) (Double.parseDouble(s) * 1e9);
            } catch (NumberFormatException e) {
                throw new CannotRunException("bad duration: " + s);
            }
        }
    }
}
