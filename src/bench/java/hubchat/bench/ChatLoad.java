/*
 * ChatLoad: the hubchat load tool, on the JDK's java.net.http WebSocket client (JSON reports with
 * jackson-core). It measures the same figures, the same way, as the reference tool wsload (a Go
 * load generator kept outside this repository, see docs/performance.md); bench/run.sh runs every
 * scenario N times with both tools and prints medians. Built by ./mvnw test-compile (with the
 * tests) or by bench/run.sh; run as
 *
 *   java -Xmx2g -XX:+UseParallelGC -cp CLASSES:JACKSON_CORE_JAR hubchat.bench.ChatLoad \
 *        --url ws://127.0.0.1:8080/ws/bench --scenario fanout --server-pid PID [--json]
 *
 * For 10,000 connections: ulimit -n above 10,000 and -Xmx2g (about 60-80 kB of heap per JDK
 * WebSocket). ParallelGC costs the client less CPU than G1 here.
 *
 * Every message carries a token (see Tokens) with its send time on this process's monotonic
 * clock, which every client looks for in every text frame it receives, so latency = receive time
 * - send time, per delivery. The scenarios are in Scenario, the flags in CommandLine.USAGE.
 *
 * Client side: a few shared HttpClients (--http-clients, default 4, one selector thread each) and
 * no executor pool (--threads 0): the listener runs on the selector threads, which avoids a thread
 * hand-off per read and costs about a third less CPU than a pool. Connecting is bounded (--conc 64
 * handshakes in flight, --ramp 2000/s, --dial-timeout 10 s, --connect-timeout 120 s); after
 * connecting the tool waits until no frame has arrived for 1 s (join/presence storms, at most
 * 60 s). The tool's own CPU time in the measurement window is reported (client_cpu_s_window): on
 * a machine whose cores it shares with the server, it competes with the server it measures.
 *
 * Only loopback targets are accepted; every phase is bounded and a watchdog halts the process.
 */
package hubchat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The command: parses the command line, then runs the load and prints its report (text, or JSON
 * with --json), or checks a saturation step, or prints the table of a results directory. Exits 2
 * when it cannot run as asked, 3 when the watchdog ends an overrunning run.
 */
public final class ChatLoad {

    /** Exit status: the command line asks for something the tool cannot do. */
    private static final int EXIT_CANNOT_RUN = 2;
    /** Exit status: the run exceeded its time limit. */
    private static final int EXIT_WATCHDOG = 3;
    /** The JDK WebSocket's write and encoding buffers (16 KiB by default): small, for many connections. */
    private static final String BUFFER_BYTES = "2048";

    private ChatLoad() {
    }

    public static void main(String[] args) throws Exception {
        try {
            CommandLine.Command command = CommandLine.parse(args);
            if (command instanceof CommandLine.Run run) {
                // Only if not set on the command line; must happen before the first WebSocket is built.
                setIfAbsent("jdk.httpclient.websocket.writeBufferSize", BUFFER_BYTES);
                setIfAbsent("jdk.httpclient.websocket.intermediateBufferSize", BUFFER_BYTES);
                startWatchdog(run.options().hardLimit());
            }
            System.exit(execute(command, System.out));
        } catch (CannotRunException e) {
            System.err.println("chatload: " + e.getMessage());
            System.exit(EXIT_CANNOT_RUN);
        }
    }

    /** Does what {@code command} asks, printing to {@code out}; returns the exit status. */
    static int execute(CommandLine.Command command, PrintStream out) throws IOException, InterruptedException {
        if (command instanceof CommandLine.CheckStep c) {
            Map<String, Object> step = JsonText.readObject(Files.readString(c.report()));
            return SaturationCriteria.DEFAULT.passes(step) ? 0 : 1;
        }
        if (command instanceof CommandLine.Table t) {
            ResultTable.print(t.dir(), out);
            return 0;
        }
        if (command instanceof CommandLine.Help) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        LoadOptions o = ((CommandLine.Run) command).options();
        Map<String, Object> report = new LoadRun(o, target(o.url)).run();
        if (o.json) {
            out.println(JsonText.write(report));
        } else {
            SummaryPrinter.print(report, out);
        }
        return 0;
    }

    /** The URL as a URI, if it is a ws:// or wss:// URL of this machine. */
    static URI target(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CannotRunException("bad --url " + url);
        }
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
            throw new CannotRunException("bad --url " + url + " (want ws://host:port/path)");
        }
        String host = uri.getHost();
        if (host == null) throw new CannotRunException("no host in --url");
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    throw new CannotRunException("refusing non-loopback target " + host + " (" + a.getHostAddress()
                            + "): this tool only loads servers on this machine");
                }
            }
        } catch (IOException e) {
            throw new CannotRunException("cannot resolve " + host + ": " + e);
        }
        return uri;
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) System.setProperty(property, value);
    }

    /** Halts the process if the run is still going after {@code limit} ns. */
    private static void startWatchdog(long limit) {
        Thread wd = new Thread(() -> {
            MonoClock.sleepNanos(limit);
            System.err.printf("chatload: watchdog: run exceeded %.0f s, exiting%n", limit / 1e9);
            Runtime.getRuntime().halt(EXIT_WATCHDOG);
        }, "watchdog");
        wd.setDaemon(true);
        wd.start();
    }
}
