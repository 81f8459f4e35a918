package hubchat.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tool's command line: a load run with its flags, or one of the modes bench/run.sh uses
 * ({@code --check-step FILE}, {@code --table DIR}). Flags take one or two dashes and
 * {@code --flag value} or {@code --flag=value}; the scenario's preset applies first, then every
 * flag in order (the last of a repeated flag wins).
 */
final class CommandLine {

    /** Flags that take a value. */
    private static final Set<String> VALUE_FLAGS = Set.of("scenario", "url", "clients", "senders", "rate", "window",
            "window-timeout", "warmup", "duration", "drain", "settle", "settle-quiet", "settle-max", "send", "size", "origin",
            "conc", "ramp", "dial-timeout", "connect-timeout", "write-timeout", "echo", "server-pid", "http-clients",
            "threads", "rates", "max-rate", "sat-ratio", "sat-p99-ms");
    /** Flags without a value, each with the option it sets. */
    private static final Map<String, String> SWITCHES = Map.of("idle", "idle", "json", "json", "q", "quiet",
            "quiet", "quiet", "h", "help", "help", "help");

    /** What --help prints. */
    static final String USAGE = """
            usage: java -Xmx2g -XX:+UseParallelGC -cp CLASSPATH hubchat.bench.ChatLoad --url ws://127.0.0.1:PORT/PATH [--scenario NAME] [flags]

            scenarios (presets; any flag below overrides them):
              fanout      --clients 1000 --senders 10 --rate 0 --window 2 --warmup 2s --duration 5s --size 100
              latency     --clients 1000 --senders 10 --rate 20 --warmup 3s --duration 10s --size 100
              cpu         --clients 1000 --senders 10 --rate 20 --warmup 3s --duration 20s --size 100
              saturation  --clients 1000 --senders 10 --rates 25,50,100,150,200,... --warmup 2s --duration 5s --drain 3s
              idle        --clients 10000 --idle --duration 10s
              custom      (default) wsload's defaults

            flags (durations: 5s, 500ms, 2m or plain seconds):
              --url U              target; loopback only
              --clients N          connections, all to the same URL (one room)
              --senders K          clients 0..K-1 send; everybody receives
              --rate R             total messages/s, open loop; 0 = closed loop bounded by --window
              --window W           closed loop: messages in flight per sender (leave the window when
                                   every other connected client got them, or after --window-timeout)
              --window-timeout D   default 5s
              --warmup D, --duration D, --drain D
              --settle D, --settle-quiet D, --settle-max D   after connecting: wait >= settle, then
                                   until no frame for settle-quiet, at most settle-max (1s, 1s, 60s)
              --send T             message template, %s -> token (+ padding); scenarios use
                                   {"type":"message","text":"%s"}
              --size B             pad each message frame to B bytes with 'x'
              --idle               only connect, hold for --duration
              --origin URL         Origin header on the handshake
              --conc N, --ramp R   connect: at most N handshakes in flight, R new connections/s (64, 2000)
              --dial-timeout D     per handshake (10s); --connect-timeout D for the whole phase (120s)
              --write-timeout D    per frame (5s)
              --echo auto|yes|no   count a sender's own echo as a delivery (auto: if >= 50 % echoed)
              --rates a,b,c        saturation steps; --max-rate R (2000) caps the default series
              --sat-ratio F, --sat-p99-ms MS   saturation pass criteria (0.999, 100)
              --server-pid PID     sample VmRSS and utime+stime of the server from /proc
              --http-clients N     shared java.net.http.HttpClient instances, one selector thread each (4)
              --threads N          executor threads shared by those clients; 0 (default) = none: the
                                   selector threads run the listeners too (no hand-off per read, about
                                   a third less CPU per delivery than a 4-thread pool)
              --json               JSON report on stdout (progress on stderr; -q silences it)
            other modes (for bench/run.sh):
              --check-step FILE    exit 0 if the saturation step reported in FILE passes, 1 if not
              --table DIR          medians [min-max] of every <tool>-<scenario>-<run>[-r<rate>].json in DIR
            """;

    /** What the command line asks for. */
    sealed interface Command {
    }

    /** A load run. */
    record Run(LoadOptions options) implements Command {
    }

    /** Exit 0 if the saturation step reported in {@code report} passes, 1 if not. */
    record CheckStep(Path report) implements Command {
    }

    /** Print the medians of every report in {@code dir}. */
    record Table(Path dir) implements Command {
    }

    /** Print {@link #USAGE}. */
    record Help() implements Command {
    }

    private CommandLine() {
    }

    /** Parses {@code args}; a {@link CannotRunException} (with the usage where it helps) if they are wrong. */
    static Command parse(String... args) {
        if (args.length >= 2 && args[0].equals("--check-step")) return new CheckStep(Path.of(args[1]));
        if (args.length >= 2 && args[0].equals("--table")) return new Table(Path.of(args[1]));
        Scenario scenario = Scenario.CUSTOM;
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) throw new CannotRunException("unexpected argument " + a + "\n" + USAGE);
            String name = a.replaceFirst("^--?", "");
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (SWITCHES.containsKey(name)) {
                given.put(SWITCHES.get(name), "true");
                continue;
            }
            if (!VALUE_FLAGS.contains(name)) throw new CannotRunException("unknown flag " + a + "\n" + USAGE);
            if (value == null) {
                if (i + 1 >= args.length) throw new CannotRunException("missing value for " + a);
                value = args[++i];
            }
            if (name.equals("scenario")) scenario = Scenario.of(value);
            else given.put(name, value);
        }
        if (given.containsKey("help")) return new Help();
        Map<String, String> flags = new HashMap<>(LoadOptions.DEFAULTS);
        flags.putAll(scenario.preset());
        flags.putAll(given);
        return new Run(new LoadOptions(scenario, flags));
    }
}
