/*
 * ChatLoad: the hubchat load tool. Plain Java 17, JDK only (java.net.http WebSocket
 * client), one file, so it runs straight from source:
 *
 *   java -Xmx2g -XX:+UseParallelGC src/bench/java/hubchat/bench/ChatLoad.java \
 *        --url ws://127.0.0.1:8080/ws/bench --scenario fanout --server-pid PID [--json]
 *
 * (bench/run.sh runs every scenario N times with this tool and with wsload, and prints medians.)
 * For 10,000 connections: ulimit -n above 10,000 and -Xmx2g (about 60-80 kB of heap per JDK
 * WebSocket). ParallelGC costs the client less CPU than G1 here.
 *
 * It measures the same figures, the same way, as the reference tool wsload (a Go load
 * generator kept outside this repository, see docs/performance.md): every message carries the token
 *
 *   W5L<run>.<sender>.<seq>.<sendns>.          (lower-case hex fields)
 *
 * which every client looks for in every text frame it receives (a hand-written scan, no JSON
 * parse; several tokens in one frame are all counted). <sendns> is this process's monotonic
 * clock (System.nanoTime() since start), so latency = receive time - send time, per delivery.
 *
 * Scenarios (1 room, 10 senders, 100-byte message frames unless flags say otherwise):
 *   fanout      1000 clients, closed loop, window 2 per sender: deliveries/s, delivered ratio
 *   latency     1000 clients, 20 msg/s open loop: p50/p90/p99/p99.9/max latency
 *   cpu         the latency load for 20 s: server CPU-seconds per million deliveries
 *   saturation  1000 clients, rates 25, 50, 100, 150, 200 ... (2 s warmup, 5 s measure,
 *               3 s drain each, same connections): highest rate with >= 99.9 % delivered,
 *               p99 < 100 ms (and >= 97 % of the target rate actually sent)
 *   idle        10,000 connections in one room held 10 s: connect time, how many stay open,
 *               server RSS per connection
 *   custom      wsload's defaults; set everything with flags
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
 * Extra modes used by bench/run.sh: --check-step FILE (exit 0 if a saturation step in a JSON
 * report passes) and --table DIR (medians with min/max of every report in DIR).
 */
package hubchat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

public final class ChatLoad {

    static final long BASE = System.nanoTime();

    /** Monotonic ns since the tool started (the <sendns> of the token). */
    static long mono() {
        return System.nanoTime() - BASE;
    }

    static final long SEC = 1_000_000_000L;

    // ================================================================== options

    static final class Opts {
        String url;
        String scenario = "custom";
        int clients = 100;
        int senders = 1;
        double rate = 0;
        int window = 4;
        long windowTimeout = 5 * SEC;
        long warmup = 2 * SEC;
        long duration = 10 * SEC;
        long drain = 3 * SEC;
        long settle = SEC;
        long settleQuiet = SEC;
        long settleMax = 60 * SEC;
        String send = "%s";
        int size = 0;
        boolean idle;
        String origin;
        int conc = 64;
        double ramp = 2000;
        long dialTimeout = 10 * SEC;
        long connectTimeout = 120 * SEC;
        long writeTimeout = 5 * SEC;
        String echo = "auto";
        int serverPid;
        boolean json;
        boolean quiet;
        int httpClients = 4;
        int threads = 0; // 0: the HttpClients' selector threads run everything (see --threads)
        List<Double> rates; // saturation
        double maxRate = 2000;
        double satRatio = 0.999;
        double satP99Ms = 100;
        double satSendFraction = 0.97;
    }

    static final String CHAT_SEND = "{\"type\":\"message\",\"text\":\"%s\"}";

    static void preset(Opts o, String scenario) {
        o.scenario = scenario;
        switch (scenario) {
            case "fanout" -> {
                o.clients = 1000; o.senders = 10; o.rate = 0; o.window = 2;
                o.warmup = 2 * SEC; o.duration = 5 * SEC; o.drain = 3 * SEC;
                o.size = 100; o.send = CHAT_SEND;
            }
            case "latency" -> {
                o.clients = 1000; o.senders = 10; o.rate = 20;
                o.warmup = 3 * SEC; o.duration = 10 * SEC; o.drain = 3 * SEC;
                o.size = 100; o.send = CHAT_SEND;
            }
            case "cpu" -> {
                o.clients = 1000; o.senders = 10; o.rate = 20;
                o.warmup = 3 * SEC; o.duration = 20 * SEC; o.drain = 3 * SEC;
                o.size = 100; o.send = CHAT_SEND;
            }
            case "saturation" -> {
                o.clients = 1000; o.senders = 10;
                o.warmup = 2 * SEC; o.duration = 5 * SEC; o.drain = 3 * SEC;
                o.size = 100; o.send = CHAT_SEND;
            }
            case "idle" -> {
                o.clients = 10000; o.idle = true; o.duration = 10 * SEC;
            }
            case "custom" -> { }
            default -> fail("unknown --scenario " + scenario + " (fanout, latency, cpu, saturation, idle, custom)");
        }
    }

    static final String USAGE = """
            usage: java -Xmx2g -XX:+UseParallelGC ChatLoad.java --url ws://127.0.0.1:PORT/PATH [--scenario NAME] [flags]

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

    static long parseDuration(String s) {
        try {
            s = s.trim();
            if (s.endsWith("ms")) return (long) (Double.parseDouble(s.substring(0, s.length() - 2)) * 1e6);
            if (s.endsWith("s")) return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1e9);
            if (s.endsWith("m")) return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 60e9);
            return (long) (Double.parseDouble(s) * 1e9);
        } catch (NumberFormatException e) {
            fail("bad duration: " + s);
            return 0;
        }
    }

    static final java.util.Set<String> VALUE_FLAGS = java.util.Set.of("scenario", "url", "clients", "senders", "rate",
            "window", "window-timeout", "warmup", "duration", "drain", "settle", "settle-quiet", "settle-max", "send", "size",
            "origin", "conc", "ramp", "dial-timeout", "connect-timeout", "write-timeout", "echo", "server-pid", "http-clients",
            "threads", "rates", "max-rate", "sat-ratio", "sat-p99-ms");

    static Opts parse(String[] args) {
        // flags first into a list, so the scenario preset applies before explicit flags
        List<String[]> flags = new ArrayList<>();
        String scenario = "custom";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) fail("unexpected argument " + a + "\n" + USAGE);
            String name = a.replaceFirst("^--?", "");
            String val = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                val = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            boolean bool = name.equals("idle") || name.equals("json") || name.equals("q") || name.equals("quiet")
                    || name.equals("h") || name.equals("help");
            if (!bool && !VALUE_FLAGS.contains(name)) fail("unknown flag " + a + "\n" + USAGE);
            if (!bool && val == null) {
                if (i + 1 >= args.length) fail("missing value for " + a);
                val = args[++i];
            }
            if (name.equals("scenario")) scenario = val;
            else flags.add(new String[] {name, val});
        }
        Opts o = new Opts();
        preset(o, scenario);
        for (String[] f : flags) {
            String n = f[0], v = f[1];
            switch (n) {
                case "h", "help" -> { System.out.print(USAGE); System.exit(0); }
                case "url" -> o.url = v;
                case "clients" -> o.clients = Integer.parseInt(v);
                case "senders" -> o.senders = Integer.parseInt(v);
                case "rate" -> o.rate = Double.parseDouble(v);
                case "window" -> o.window = Integer.parseInt(v);
                case "window-timeout" -> o.windowTimeout = parseDuration(v);
                case "warmup" -> o.warmup = parseDuration(v);
                case "duration" -> o.duration = parseDuration(v);
                case "drain" -> o.drain = parseDuration(v);
                case "settle" -> o.settle = parseDuration(v);
                case "settle-quiet" -> o.settleQuiet = parseDuration(v);
                case "settle-max" -> o.settleMax = parseDuration(v);
                case "send" -> o.send = v;
                case "size" -> o.size = Integer.parseInt(v);
                case "idle" -> o.idle = true;
                case "origin" -> o.origin = v;
                case "conc" -> o.conc = Integer.parseInt(v);
                case "ramp" -> o.ramp = Double.parseDouble(v);
                case "dial-timeout" -> o.dialTimeout = parseDuration(v);
                case "connect-timeout" -> o.connectTimeout = parseDuration(v);
                case "write-timeout" -> o.writeTimeout = parseDuration(v);
                case "echo" -> o.echo = v;
                case "server-pid" -> o.serverPid = v.isBlank() ? 0 : Integer.parseInt(v.trim().split("\\s+")[0]);
                case "json" -> o.json = true;
                case "q", "quiet" -> o.quiet = true;
                case "http-clients" -> o.httpClients = Integer.parseInt(v);
                case "threads" -> o.threads = Integer.parseInt(v);
                case "rates" -> {
                    o.rates = new ArrayList<>();
                    for (String r : v.split(",")) o.rates.add(Double.parseDouble(r.trim()));
                }
                case "max-rate" -> o.maxRate = Double.parseDouble(v);
                case "sat-ratio" -> o.satRatio = Double.parseDouble(v);
                case "sat-p99-ms" -> o.satP99Ms = Double.parseDouble(v);
                default -> fail("unknown flag --" + n + "\n" + USAGE);
            }
        }
        if (o.url == null) fail("--url is required\n" + USAGE);
        if (o.clients < 1) fail("--clients must be >= 1");
        if (o.senders < 0 || o.senders > o.clients) fail("--senders must be in 0..clients");
        if (o.window < 1 || o.window > RING / 4) fail("--window must be in 1.." + RING / 4);
        if (!o.send.contains("%s")) fail("--send template must contain %s");
        if (o.conc < 1 || o.httpClients < 1 || o.threads < 0) fail("--conc, --http-clients must be >= 1, --threads >= 0");
        if (o.scenario.equals("saturation") && o.rates == null) {
            o.rates = new ArrayList<>(List.of(25.0, 50.0));
            for (double r = 100; r <= o.maxRate; r += 50) o.rates.add(r);
        }
        return o;
    }

    // ================================================================== histogram

    /**
     * Log-linear histogram of microseconds, the same buckets as wsload: exact below 256 us, then
     * 128 buckets per power of two (< 0.8 % relative error). Max is exact.
     */
    static final int HIST_SIZE = 64 * 128 + 256;

    static int hidx(long v) {
        if (v < 0) v = 0;
        if (v < 256) return (int) v;
        int shift = 64 - Long.numberOfLeadingZeros(v) - 8;
        return shift * 128 + (int) (v >>> shift);
    }

    static double hval(int i) { // bucket middle
        if (i < 256) return i;
        int shift = i / 128 - 1;
        long m = i % 128 + 128;
        long lo = m << shift;
        return lo + (double) (1L << shift) / 2;
    }

    /** One client's histogram (written by that client's listener only). */
    static final class Hist {
        int[] c;
        long n;
        long max;
        double sum;

        void add(long us) {
            if (c == null) c = new int[HIST_SIZE];
            c[hidx(us)]++;
            n++;
            sum += us;
            if (us > max) max = us;
        }
    }

    static final class BigHist {
        final long[] c = new long[HIST_SIZE];
        long n;
        long max;
        double sum;

        void merge(Hist h) {
            if (h.c == null) return;
            for (int i = 0; i < HIST_SIZE; i++) c[i] += h.c[i];
            n += h.n;
            sum += h.sum;
            if (h.max > max) max = h.max;
        }

        void merge(BigHist h) {
            for (int i = 0; i < HIST_SIZE; i++) c[i] += h.c[i];
            n += h.n;
            sum += h.sum;
            if (h.max > max) max = h.max;
        }

        double pct(double p) {
            if (n == 0) return Double.NaN;
            long want = (long) Math.ceil(p / 100 * n);
            if (want < 1) want = 1;
            long acc = 0;
            for (int i = 0; i < HIST_SIZE; i++) {
                acc += c[i];
                if (acc >= want) return Math.min(hval(i), max);
            }
            return max;
        }
    }

    // ================================================================== shared state

    static final int RING = 4096;

    /** Closed-loop bookkeeping of one sender: how many receivers got each in-flight message. */
    static final class Sender {
        final AtomicLongArray seq = new AtomicLongArray(RING);
        final AtomicIntegerArray count = new AtomicIntegerArray(RING);
        final AtomicIntegerArray target = new AtomicIntegerArray(RING);
        final Semaphore notify = new Semaphore(0);

        Sender() {
            for (int i = 0; i < RING; i++) seq.set(i, -1);
        }
    }

    /** One sending phase (a run, or one saturation step): its own run id, so late tokens of an earlier step are foreign. */
    static final class Phase {
        final char[] run; // 6 hex digits
        final String runId;
        final Sender[] senders;
        final boolean windowMode;
        volatile long measureStart = Long.MAX_VALUE;
        volatile long measureEnd = Long.MAX_VALUE;

        Phase(int nSenders, boolean windowMode) {
            runId = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
            run = runId.toCharArray();
            this.windowMode = windowMode;
            senders = new Sender[nSenders];
            if (windowMode) for (int i = 0; i < nSenders; i++) senders[i] = new Sender();
        }
    }

    static volatile Phase phase = new Phase(0, false);
    static volatile boolean stopping;
    static volatile boolean settling;
    static volatile long lastFrame;
    static final AtomicLong liveConns = new AtomicLong();
    static final AtomicLong unexpectedCloses = new AtomicLong();
    static final ErrCounter dialErrs = new ErrCounter();
    static final ErrCounter readErrs = new ErrCounter();
    static final ErrCounter writeErrs = new ErrCounter();

    static final class ErrCounter {
        final ConcurrentHashMap<String, LongAdder> m = new ConcurrentHashMap<>();

        void add(String s) {
            if (s.length() > 120) s = s.substring(0, 120);
            m.computeIfAbsent(s, k -> new LongAdder()).increment();
        }

        Map<String, Object> snapshot() {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    static String errString(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        if (t instanceof WebSocketHandshakeException h) {
            return "handshake refused (HTTP " + h.getResponse().statusCode() + ")";
        }
        if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) return "timeout";
        String msg = t.getMessage();
        String s = t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        return s.replaceAll("/?127\\.[0-9.]+:[0-9]+", "ADDR");
    }

    // ================================================================== per-client receive statistics

    static final class Stats {
        long frames, chars, noToken, foreign;
        long othersWin, echoWin; // deliveries of window-sent messages (others', own echo)
        long othersRecvIn, echoRecvIn; // deliveries received inside the window
        final Hist latOthers = new Hist();
        final Hist latEcho = new Hist();
    }

    static final class Client implements WebSocket.Listener {
        final int idx;
        volatile WebSocket ws;
        final AtomicInteger state = new AtomicInteger(); // 0 connecting, 1 open, 2 closed
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Swapped by the main thread between phases; only this client's listener writes into it. */
        volatile Stats stats = new Stats();
        /** Written after each frame: reading it gives main a happens-before edge on the stats. */
        volatile long published;
        private StringBuilder partial;
        private char[] scratch = new char[512];

        Client(int idx) {
            this.idx = idx;
        }

        void opened() {
            if (state.compareAndSet(0, 1)) liveConns.incrementAndGet();
        }

        void closed(String why) {
            if (state.getAndSet(2) == 1) liveConns.decrementAndGet();
            if (why != null && !stopping) {
                unexpectedCloses.incrementAndGet();
                readErrs.add(why);
            }
            done.complete(null);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE); // no per-message request(1) round trip
        }

        @Override
        public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!last) {
                if (partial == null) partial = new StringBuilder(4096);
                partial.append(data);
                return null;
            }
            long now = mono();
            if (settling) lastFrame = now;
            Stats s = stats;
            if (partial != null && partial.length() > 0) {
                partial.append(data);
                int n = partial.length();
                if (scratch.length < n) scratch = new char[Math.max(n, scratch.length * 2)];
                partial.getChars(0, n, scratch, 0);
                partial.setLength(0);
                scan(s, scratch, 0, n, now);
            } else if (data instanceof CharBuffer cb && cb.hasArray()) {
                scan(s, cb.array(), cb.arrayOffset() + cb.position(), cb.remaining(), now);
            } else {
                int n = data.length();
                if (scratch.length < n) scratch = new char[Math.max(n, scratch.length * 2)];
                if (data instanceof String str) str.getChars(0, n, scratch, 0);
                else for (int i = 0; i < n; i++) scratch[i] = data.charAt(i);
                scan(s, scratch, 0, n, now);
            }
            published = now;
            return null;
        }

        @Override
        public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last) {
                Stats s = stats;
                s.frames++;
                s.noToken++;
                published = mono();
            }
            return null;
        }

        @Override
        public CompletableFuture<?> onPing(WebSocket webSocket, ByteBuffer message) {
            return null; // the JDK answers with a pong by itself; demand is already unbounded
        }

        @Override
        public CompletableFuture<?> onPong(WebSocket webSocket, ByteBuffer message) {
            return null;
        }

        @Override
        public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed("close " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(errString(error));
        }

        /** Finds every W5L token in a[off, off+len): a hand-written scan, the same rules as wsload's. */
        void scan(Stats st, char[] a, int off, int len, long now) {
            Phase ph = phase;
            char[] run = ph.run;
            long ms = ph.measureStart, me = ph.measureEnd;
            st.frames++;
            st.chars += len;
            boolean found = false;
            int end = off + len;
            int pos = off;
            while (true) {
                int k = -1;
                for (int i = pos; i + 2 < end; i++) {
                    if (a[i] == 'W' && a[i + 1] == '5' && a[i + 2] == 'L') {
                        k = i;
                        break;
                    }
                }
                if (k < 0) break;
                int p = k + 3;
                pos = p;
                if (end - p < 7) break;
                if (a[p] != run[0] || a[p + 1] != run[1] || a[p + 2] != run[2] || a[p + 3] != run[3]
                        || a[p + 4] != run[4] || a[p + 5] != run[5] || a[p + 6] != '.') {
                    if (a[p + 6] == '.') st.foreign++;
                    continue;
                }
                p += 7;
                // three hex fields, each 1..15 digits and terminated by '.'
                long sid = 0, seq = 0, sns = 0;
                int field = 0;
                boolean ok = true;
                while (field < 3) {
                    long v = 0;
                    int j = p;
                    while (j < end && j - p < 16) {
                        char c = a[j];
                        if (c >= '0' && c <= '9') v = v << 4 | (c - '0');
                        else if (c >= 'a' && c <= 'f') v = v << 4 | (c - 'a' + 10);
                        else break;
                        j++;
                    }
                    if (j == p || j >= end || j - p >= 16 || a[j] != '.') {
                        ok = false;
                        break;
                    }
                    if (field == 0) sid = v;
                    else if (field == 1) seq = v;
                    else sns = v;
                    field++;
                    p = j + 1;
                }
                if (!ok) continue;
                pos = p;
                found = true;
                boolean own = sid == idx;
                if (!own && ph.windowMode && sid < ph.senders.length) {
                    Sender s = ph.senders[(int) sid];
                    int slot = (int) (seq & (RING - 1));
                    if (s.seq.get(slot) == seq) {
                        int n = s.count.incrementAndGet(slot);
                        if (n == s.target.get(slot)) s.notify.release();
                    }
                }
                boolean inWinSent = sns >= ms && sns < me;
                boolean inWinRecv = now >= ms && now < me;
                long lat = (now - sns) / 1000;
                if (own) {
                    if (inWinSent) {
                        st.echoWin++;
                        st.latEcho.add(lat);
                    }
                    if (inWinRecv) st.echoRecvIn++;
                } else {
                    if (inWinSent) {
                        st.othersWin++;
                        st.latOthers.add(lat);
                    }
                    if (inWinRecv) st.othersRecvIn++;
                }
            }
            if (!found) st.noToken++;
        }
    }

    // ================================================================== /proc sampling

    static long procRSSKB(int pid) {
        if (pid <= 0) return -1;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.substring(6).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return -1;
    }

    /** utime+stime of the process in seconds (clock ticks of 1/100 s). */
    static double procCPU(int pid) {
        if (pid <= 0) return -1;
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This process's CPU time (all threads: I/O, listeners, senders, GC, JIT) in seconds. */
    static double selfCPU() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
        return procCPU((int) ProcessHandle.current().pid());
    }

    // ================================================================== logging

    static Opts O;

    static void log(String fmt, Object... args) {
        if (O != null && O.quiet) return;
        System.err.printf(Locale.ROOT, "[chatload %6.2fs] " + fmt + "%n",
                prepend((System.nanoTime() - BASE) / 1e9, args));
    }

    static Object[] prepend(Object first, Object[] rest) {
        Object[] a = new Object[rest.length + 1];
        a[0] = first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    static void fail(String msg) {
        System.err.println("chatload: " + msg);
        System.exit(2);
    }

    static void sleepNanos(long d) {
        long end = System.nanoTime() + d;
        while ((d = end - System.nanoTime()) > 0) LockSupport.parkNanos(d);
    }

    static void sleepUntilMono(long t) {
        sleepNanos(t - mono());
    }

    // ================================================================== main

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--check-step")) {
            Map<String, Object> r = Json.object(Files.readString(Path.of(args[1])));
            System.exit(stepPasses(r, 0.999, 100, 0.97) ? 0 : 1);
        }
        if (args.length >= 2 && args[0].equals("--table")) {
            Table.print(Path.of(args[1]), System.out);
            return;
        }
        // Small per-connection buffers (the JDK default is 16 KiB each for writing and encoding);
        // only if not set on the command line. Must happen before the first WebSocket is built.
        if (System.getProperty("jdk.httpclient.websocket.writeBufferSize") == null) {
            System.setProperty("jdk.httpclient.websocket.writeBufferSize", "2048");
        }
        if (System.getProperty("jdk.httpclient.websocket.intermediateBufferSize") == null) {
            System.setProperty("jdk.httpclient.websocket.intermediateBufferSize", "2048");
        }
        Opts o = O = parse(args);
        URI uri;
        try {
            uri = new URI(o.url);
        } catch (Exception e) {
            fail("bad --url " + o.url);
            return;
        }
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) fail("bad --url " + o.url + " (want ws://host:port/path)");
        checkLoopback(uri);

        boolean saturation = o.scenario.equals("saturation");
        int steps = saturation ? o.rates.size() : 1;
        long perStep = o.settle + o.settleMax + o.warmup + o.duration + o.drain + o.windowTimeout;
        long hardLimit = o.connectTimeout + o.settle + o.settleMax + steps * perStep + 30 * SEC;
        Thread wd = new Thread(() -> {
            sleepNanos(hardLimit);
            System.err.printf("chatload: watchdog: run exceeded %.0f s, exiting%n", hardLimit / 1e9);
            Runtime.getRuntime().halt(3);
        }, "watchdog");
        wd.setDaemon(true);
        wd.start();

        new ChatLoad(o, uri).run();
        System.exit(0);
    }

    static void checkLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null) fail("no host in --url");
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    fail("refusing non-loopback target " + host + " (" + a.getHostAddress() + "): this tool only loads servers on this machine");
                }
            }
        } catch (IOException e) {
            fail("cannot resolve " + host + ": " + e);
        }
    }

    final Opts o;
    final URI uri;
    final Client[] clients;
    final int pid;
    ExecutorService executor;
    HttpClient[] http;

    ChatLoad(Opts o, URI uri) {
        this.o = o;
        this.uri = uri;
        this.clients = new Client[o.clients];
        this.pid = o.serverPid;
    }

    void run() throws Exception {
        double rssBefore = procRSSKB(pid);
        double cpuStart = procCPU(pid);
        AtomicInteger threadNo = new AtomicInteger();
        java.util.concurrent.Executor exec;
        if (o.threads == 0) {
            // run the client's tasks (and our listener) on the HttpClients' selector threads
            exec = Runnable::run;
        } else {
            executor = Executors.newFixedThreadPool(o.threads, r -> {
                Thread t = new Thread(r, "chatload-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            exec = executor;
        }
        http = new HttpClient[o.httpClients];
        for (int i = 0; i < http.length; i++) {
            http[i] = HttpClient.newBuilder().executor(exec).build();
        }

        // ------------------------------------------------------------ connect
        long connectStart = System.nanoTime();
        connect();
        double connectTime = (System.nanoTime() - connectStart) / 1e9;
        long connected = 0;
        for (Client c : clients) if (c != null) connected++;
        long failed = o.clients - connected;
        log("connected %d/%d (%d failed) in %.2fs", connected, o.clients, failed, connectTime);

        double settleTime = settle(o.settle);
        long rssConnected = procRSSKB(pid);
        long liveAtStart = liveConns.get();

        int nSenders = o.idle ? 0 : o.senders;
        for (int i = 0; i < nSenders; i++) {
            if (clients[i] == null) fail("sender client " + i + " could not connect; cannot run (connected " + connected + "/" + o.clients + ")");
        }

        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("tool", "chatload");
        rep.put("scenario", o.scenario);
        rep.put("url", o.url);
        rep.put("mode", o.idle ? "idle" : o.scenario.equals("saturation") ? "saturation" : "fanout");
        rep.put("clients", o.clients);
        rep.put("senders", nSenders);
        rep.put("rate", o.rate);
        rep.put("window", o.window);
        rep.put("size", o.size);
        rep.put("duration_s", o.duration / 1e9);
        rep.put("warmup_s", o.warmup / 1e9);
        rep.put("connected", connected);
        rep.put("connect_failed", failed);
        rep.put("connect_errors", dialErrs.snapshot());
        rep.put("connect_time_s", connectTime);
        rep.put("settle_time_s", settleTime);
        rep.put("live_at_start", liveAtStart);

        Map<String, Object> srv = new LinkedHashMap<>();
        if (o.idle) {
            log("holding %d connections for %.1fs", liveAtStart, o.duration / 1e9);
            double cpu0 = procCPU(pid), self0 = selfCPU();
            sleepNanos(o.duration);
            double cpu1 = procCPU(pid), self1 = selfCPU();
            long liveEnd = liveConns.get();
            rep.put("live_at_end", liveEnd);
            rep.put("still_open_after_hold", liveEnd);
            rep.put("unexpected_closes", unexpectedCloses.get());
            rep.put("close_reasons", readErrs.snapshot());
            rep.put("client_cpu_s_window", self1 - self0);
            srv.put("rss_kb_end", procRSSKB(pid));
            srv.put("cpu_s_window", cpu1 - cpu0);
            closeAll();
            Stats total = collect(null);
            rep.put("frames_received", total.frames);
            rep.put("chars_received", total.chars);
            rep.put("frames_without_token", total.noToken);
        } else if (o.scenario.equals("saturation")) {
            List<Object> stepReports = new ArrayList<>();
            double best = 0;
            String stopReason = "all steps passed";
            for (int i = 0; i < o.rates.size(); i++) {
                double rate = o.rates.get(i);
                if (i > 0) {
                    settle(0); // quiet between steps
                }
                Map<String, Object> st = runStep(rate, nSenders, liveConns.get(), false, i == o.rates.size() - 1);
                st.put("rate", rate);
                boolean pass = stepPasses(st, o.satRatio, o.satP99Ms, o.satSendFraction);
                st.put("pass", pass);
                stepReports.add(st);
                log("step %.0f msg/s: sent %.1f/s, delivered %.5f, p99 %.1f ms, %.0f deliveries/s -> %s", rate,
                        (double) st.get("send_rate"), num(st.get("delivery_ratio")),
                        num(((Map<?, ?>) st.get("latency_ms")).get("p99")), (double) st.get("deliveries_per_s"),
                        pass ? "pass" : "FAIL");
                if (!pass) {
                    stopReason = "step " + fmtRate(rate) + " failed";
                    break;
                }
                best = rate;
                if (liveConns.get() < liveAtStart) {
                    stopReason = "connections lost";
                    break;
                }
            }
            if (!stopping) closeAll();
            rep.put("max_rate_ok", best);
            rep.put("stop_reason", stopReason);
            rep.put("criteria", Map.of("delivery_ratio_min", o.satRatio, "p99_ms_max", o.satP99Ms,
                    "send_rate_min_fraction", o.satSendFraction));
            rep.put("steps", stepReports);
            rep.put("unexpected_closes", unexpectedCloses.get());
            rep.put("close_reasons", readErrs.snapshot());
        } else {
            Map<String, Object> st = runStep(o.rate, nSenders, liveAtStart, true, true);
            st.remove("rate");
            if (st.get("server") instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) srv.put((String) e.getKey(), e.getValue());
                st.remove("server");
            }
            rep.putAll(st);
        }
        rep.put("write_errors", writeErrs.snapshot());
        rep.put("client_http_clients", o.httpClients);
        rep.put("client_executor_threads", o.threads);
        rep.put("client_gc", gcNames());
        rep.put("client_java", System.getProperty("java.version"));
        rep.put("client_heap_used_mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576);
        if (pid > 0) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("pid", pid);
            s.put("rss_kb_before", (long) rssBefore);
            s.put("rss_kb_connected", rssConnected);
            s.putAll(srv);
            s.put("cpu_s_total_run", procCPU(pid) - cpuStart);
            if (liveAtStart > 0 && rssBefore > 0 && rssConnected > 0) {
                s.put("rss_kb_per_conn", (rssConnected - rssBefore) / (double) liveAtStart);
            }
            rep.put("server", s);
        }
        if (o.json) {
            System.out.println(Json.write(rep, ""));
        } else {
            printSummary(rep, System.out);
        }
    }

    static String gcNames() {
        List<String> names = new ArrayList<>();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) names.add(gc.getName());
        return String.join(", ", names);
    }

    static double num(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static String fmtRate(double r) {
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }

    /** Saturation pass criteria, for this tool's steps and for wsload's reports alike. */
    static boolean stepPasses(Map<String, Object> st, double minRatio, double maxP99, double minSendFraction) {
        double ratio = num(st.get("delivery_ratio"));
        Object lm = st.get("latency_ms");
        double p99 = lm instanceof Map<?, ?> m ? num(m.get("p99")) : Double.NaN;
        double rate = num(st.get("rate"));
        double sent = num(st.get("send_rate"));
        if (!(ratio >= minRatio) || !(p99 >= 0 && p99 < maxP99)) return false;
        return !(rate > 0) || sent >= minSendFraction * rate;
    }

    // ------------------------------------------------------------------ connect

    void connect() throws InterruptedException {
        Semaphore inflight = new Semaphore(o.conc);
        long start = System.nanoTime();
        long deadline = start + o.connectTimeout;
        long rampEvery = o.ramp > 0 ? (long) (1e9 / o.ramp) : 0;
        AtomicLong ok = new AtomicLong(), bad = new AtomicLong();
        long lastLog = System.nanoTime();
        for (int i = 0; i < o.clients; i++) {
            if (rampEvery > 0) sleepNanos(start + rampEvery * i - System.nanoTime());
            long left = deadline - System.nanoTime();
            if (left <= 0 || !inflight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                bad.incrementAndGet();
                dialErrs.add("connect phase timed out");
                continue;
            }
            final int idx = i;
            Client c = new Client(idx);
            WebSocket.Builder b = http[i % http.length].newWebSocketBuilder()
                    .connectTimeout(Duration.ofNanos(o.dialTimeout));
            if (o.origin != null) b.header("Origin", o.origin);
            CompletableFuture<WebSocket> f;
            try {
                f = b.buildAsync(uri, c);
            } catch (RuntimeException e) {
                inflight.release();
                bad.incrementAndGet();
                dialErrs.add(errString(e));
                continue;
            }
            f.orTimeout(o.dialTimeout + SEC, TimeUnit.NANOSECONDS).whenComplete((ws, err) -> {
                if (err != null) {
                    bad.incrementAndGet();
                    dialErrs.add(errString(err));
                    if (ws != null) ws.abort();
                } else {
                    c.ws = ws;
                    clients[idx] = c;
                    c.opened();
                    ok.incrementAndGet();
                }
                inflight.release();
            });
            if (System.nanoTime() - lastLog > 2 * SEC) {
                log("connecting: %d/%d ok, %d failed", ok.get(), o.clients, bad.get());
                lastLog = System.nanoTime();
            }
        }
        // wait for the handshakes still in flight
        long left = Math.max(0, deadline - System.nanoTime()) + o.dialTimeout + 2 * SEC;
        if (!inflight.tryAcquire(o.conc, left, TimeUnit.NANOSECONDS)) {
            log("some handshakes never completed");
        }
    }

    /** Waits at least min, then until no frame arrived for settle-quiet (at most settle-max). Returns seconds waited. */
    double settle(long min) {
        long t0 = System.nanoTime();
        lastFrame = mono();
        settling = true;
        sleepNanos(min);
        while (System.nanoTime() - t0 < o.settleMax) {
            long idle = mono() - lastFrame;
            if (idle >= o.settleQuiet) break;
            sleepNanos(o.settleQuiet - idle);
        }
        settling = false;
        double s = (System.nanoTime() - t0) / 1e9;
        if (s > (min + o.settleQuiet) / 1e9 + 0.05) log("settled after %.2fs (inbound frames went quiet)", s);
        return s;
    }

    // ------------------------------------------------------------------ one sending phase

    static final class SendStats {
        final AtomicLong total = new AtomicLong(), win = new AtomicLong(), werr = new AtomicLong();
        final AtomicLong windowTimeouts = new AtomicLong(); // closed loop: waits ended by --window-timeout
    }

    Map<String, Object> runStep(double rate, int nSenders, long liveAtStart, boolean single, boolean last) throws InterruptedException {
        boolean windowMode = rate <= 0;
        Phase ph = new Phase(nSenders, windowMode);
        // (statistics start fresh after each step; the first step also counts the welcome and
        // presence frames of the connect phase, as wsload does)
        phase = ph;
        SendStats st = new SendStats();
        long t0 = mono();
        long ms = t0 + o.warmup;
        long me = ms + o.duration;
        ph.measureStart = ms;
        ph.measureEnd = me;
        Thread[] threads = new Thread[nSenders];
        for (int i = 0; i < nSenders; i++) {
            final int sid = i;
            threads[i] = new Thread(() -> sendLoop(ph, clients[sid], sid, nSenders, rate, me, st), "sender-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        log("sending: %d senders, rate %s/s%s, warmup %.1fs, measure %.1fs", nSenders, fmtRate(rate),
                windowMode ? " (closed loop, window " + o.window + ")" : "", o.warmup / 1e9, o.duration / 1e9);
        sleepUntilMono(ms);
        double cpu0 = procCPU(pid), self0 = selfCPU();
        sleepUntilMono(me);
        double cpu1 = procCPU(pid), self1 = selfCPU();
        long rssEnd = procRSSKB(pid);
        double window = (me - ms) / 1e9;
        for (Thread t : threads) t.join(o.windowTimeout + o.writeTimeout + SEC);
        log("sending stopped; draining for %.1fs", o.drain / 1e9);
        sleepNanos(o.drain);

        Stats[] old = new Stats[clients.length];
        for (int i = 0; i < clients.length; i++) if (clients[i] != null) old[i] = clients[i].stats;
        long liveEnd = liveConns.get();
        if (last) {
            closeAll();
        } else {
            for (Client c : clients) if (c != null) c.stats = new Stats();
            sleepNanos(50_000_000L); // a frame being scanned right now finishes into the old stats
        }
        // ---------------------------------------------------------------- report
        long frames = 0, chars = 0, noToken = 0, foreign = 0, othersWin = 0, echoWin = 0, othersIn = 0, echoIn = 0;
        BigHist latO = new BigHist(), latE = new BigHist();
        int starved = 0;
        for (int i = 0; i < clients.length; i++) {
            Client c = clients[i];
            if (c == null) continue;
            long unused = c.published; // volatile read: happens-before on the listener's writes
            Stats s = old[i];
            frames += s.frames;
            chars += s.chars;
            noToken += s.noToken;
            foreign += s.foreign;
            othersWin += s.othersWin;
            echoWin += s.echoWin;
            othersIn += s.othersRecvIn;
            echoIn += s.echoRecvIn;
            latO.merge(s.latOthers);
            latE.merge(s.latEcho);
            if (s.othersWin == 0 && s.echoWin == 0) starved++;
        }
        long sentWin = st.win.get();
        double echoRatio = sentWin > 0 ? (double) echoWin / sentWin : 0;
        boolean countEcho = switch (o.echo) {
            case "yes" -> true;
            case "no" -> false;
            default -> echoRatio >= 0.5;
        };
        long deliv = othersWin, recvIn = othersIn, perMsg = liveAtStart - 1;
        BigHist lat = new BigHist();
        lat.merge(latO);
        if (countEcho) {
            deliv += echoWin;
            recvIn += echoIn;
            perMsg++;
            lat.merge(latE);
        }
        if (perMsg < 0) perMsg = 0;
        long expected = sentWin * perMsg;
        double ratio = expected > 0 ? (double) deliv / expected : Double.NaN;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rate", rate);
        r.put("run_id", ph.runId);
        r.put("live_at_end", liveEnd);
        r.put("unexpected_closes", unexpectedCloses.get());
        r.put("close_reasons", readErrs.snapshot());
        r.put("frames_received", frames);
        r.put("chars_received", chars);
        r.put("frames_without_token", noToken);
        r.put("foreign_tokens", foreign);
        r.put("sent_total", st.total.get());
        r.put("sent_window", sentWin);
        r.put("send_rate", sentWin / window);
        r.put("own_echoes_window", echoWin);
        r.put("echo_ratio", echoRatio);
        r.put("echo_counted", countEcho);
        r.put("receivers_per_message", perMsg);
        r.put("deliveries", deliv);
        r.put("deliveries_from_others", othersWin);
        r.put("expected_deliveries", expected);
        r.put("delivery_ratio", ratio);
        r.put("deliveries_per_s", recvIn / window);
        r.put("clients_with_no_delivery", starved);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("p50", msRound(lat.pct(50)));
        l.put("p90", msRound(lat.pct(90)));
        l.put("p99", msRound(lat.pct(99)));
        l.put("p999", msRound(lat.pct(99.9)));
        l.put("max", lat.n == 0 ? -1 : msRound(lat.max));
        l.put("mean", lat.n == 0 ? -1 : msRound(lat.sum / lat.n));
        r.put("latency_ms", l);
        r.put("client_cpu_s_window", self1 - self0);
        r.put("write_errors_count", st.werr.get());
        if (windowMode) r.put("window_timeouts", st.windowTimeouts.get());
        if (pid > 0) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rss_kb_end", rssEnd);
            s.put("cpu_s_window", cpu1 - cpu0);
            if (recvIn > 0) s.put("cpu_s_per_million_deliveries", (cpu1 - cpu0) / recvIn * 1e6);
            r.put("server", s);
        }
        return r;
    }

    static double msRound(double us) {
        if (Double.isNaN(us)) return -1;
        return Math.round(us) / 1000.0;
    }

    void sendLoop(Phase ph, Client c, int sid, int nSenders, double rate, long stopAt, SendStats st) {
        WebSocket ws = c.ws;
        Sender s = ph.senders[sid];
        double interval = 0;
        long start = mono();
        if (rate > 0) {
            interval = nSenders / rate * 1e9;
            start += (long) (interval * sid / nSenders);
        }
        String tmpl = o.send;
        int at = tmpl.indexOf("%s");
        String head = tmpl.substring(0, at), tail = tmpl.substring(at + 2);
        int fixed = tmpl.length() - 2;
        StringBuilder sb = new StringBuilder(Math.max(64, o.size + 16));
        String prefix = "W5L" + ph.runId + "." + Long.toHexString(sid) + ".";
        for (long seq = 0; ; seq++) {
            if (rate > 0) {
                long next = start + (long) (interval * seq);
                sleepUntilMono(next);
            } else if (seq >= o.window) {
                // wait for message seq-W to reach every other client (or time out)
                int old = (int) ((seq - o.window) & (RING - 1));
                long deadline = System.nanoTime() + o.windowTimeout;
                while (s.count.get(old) < s.target.get(old)) {
                    long d = deadline - System.nanoTime();
                    long toStop = stopAt - mono();
                    if (d <= 0) {
                        st.windowTimeouts.incrementAndGet();
                        break;
                    }
                    if (toStop <= 0) break;
                    try {
                        s.notify.tryAcquire(Math.min(d, toStop), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            long now = mono();
            if (now >= stopAt) return;
            if (ph.windowMode) {
                int slot = (int) (seq & (RING - 1));
                s.count.set(slot, 0);
                s.target.set(slot, (int) Math.max(0, liveConns.get() - 1));
                s.seq.set(slot, seq);
            }
            sb.setLength(0);
            sb.append(head).append(prefix).append(Long.toHexString(seq)).append('.').append(Long.toHexString(now)).append('.');
            int tokenLen = sb.length() - head.length();
            if (o.size > 0) {
                for (int pad = o.size - fixed - tokenLen; pad > 0; pad--) sb.append('x');
            }
            sb.append(tail);
            try {
                ws.sendText(sb.toString(), true).get(o.writeTimeout, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                st.werr.incrementAndGet();
                writeErrs.add(errString(e));
                return;
            }
            st.total.incrementAndGet();
            if (now >= ph.measureStart && now < ph.measureEnd) st.win.incrementAndGet();
        }
    }

    void closeAll() {
        stopping = true;
        for (Client c : clients) {
            if (c != null && c.state.get() == 1) {
                try {
                    c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
                } catch (RuntimeException ignored) {
                    // already closing
                }
            }
        }
        long deadline = System.nanoTime() + 3 * SEC;
        for (Client c : clients) {
            if (c == null) continue;
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                c.done.get(left, TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                break;
            }
        }
        for (Client c : clients) {
            if (c != null && !c.done.isDone()) {
                c.ws.abort();
                c.closed(null);
            }
        }
    }

    /** Sum of all clients' current statistics (idle mode). */
    Stats collect(Stats into) {
        Stats t = into == null ? new Stats() : into;
        for (Client c : clients) {
            if (c == null) continue;
            long unused = c.published;
            Stats s = c.stats;
            t.frames += s.frames;
            t.chars += s.chars;
            t.noToken += s.noToken;
        }
        return t;
    }

    // ================================================================== text summary

    static void printSummary(Map<String, Object> r, PrintStream out) {
        out.printf(Locale.ROOT, "ChatLoad %s  %s  clients=%s senders=%s size=%s%n", r.get("scenario"), r.get("url"),
                r.get("clients"), r.get("senders"), r.get("size"));
        out.printf(Locale.ROOT, "%-22s %s/%s in %.2f s (%s failed), settled in %.2f s%n", "connected", r.get("connected"),
                r.get("clients"), num(r.get("connect_time_s")), r.get("connect_failed"), num(r.get("settle_time_s")));
        if (r.get("connect_errors") instanceof Map<?, ?> m && !m.isEmpty()) out.printf("%-22s %s%n", "connect errors", Json.write(m, ""));
        if ("idle".equals(r.get("mode"))) {
            out.printf(Locale.ROOT, "%-22s %s of %s stayed open for %.1f s (%s unexpected closes)%n", "held", r.get("still_open_after_hold"),
                    r.get("live_at_start"), num(r.get("duration_s")), r.get("unexpected_closes"));
        } else if (r.get("steps") instanceof List<?> steps) {
            out.printf(Locale.ROOT, "%-22s %8s %9s %11s %10s %9s %9s %9s  %s%n", "saturation step", "rate", "sent/s", "delivered", "deliv/s",
                    "p50 ms", "p99 ms", "max ms", "");
            for (Object o : steps) {
                Map<?, ?> s = (Map<?, ?>) o;
                Map<?, ?> l = (Map<?, ?>) s.get("latency_ms");
                out.printf(Locale.ROOT, "%-22s %8s %9.1f %10.4f%% %10.0f %9.2f %9.2f %9.2f  %s%n", "", fmtRate(num(s.get("rate"))),
                        num(s.get("send_rate")), 100 * num(s.get("delivery_ratio")), num(s.get("deliveries_per_s")),
                        num(l.get("p50")), num(l.get("p99")), num(l.get("max")), Boolean.TRUE.equals(s.get("pass")) ? "ok" : "FAIL");
            }
            out.printf(Locale.ROOT, "%-22s %s msg/s (%s)%n", "max rate ok", fmtRate(num(r.get("max_rate_ok"))), r.get("stop_reason"));
        } else {
            out.printf(Locale.ROOT, "%-22s %s in the %.1f s window (%.1f msg/s)%s%n", "sent", r.get("sent_window"), num(r.get("duration_s")),
                    num(r.get("send_rate")), num(r.get("rate")) > 0 ? " target " + fmtRate(num(r.get("rate"))) + " msg/s" : ", closed loop window " + r.get("window"));
            out.printf(Locale.ROOT, "%-22s %s / %s = %.4f %% (echo counted: %s, %s receivers per message)%n", "delivered",
                    r.get("deliveries"), r.get("expected_deliveries"), 100 * num(r.get("delivery_ratio")), r.get("echo_counted"),
                    r.get("receivers_per_message"));
            out.printf(Locale.ROOT, "%-22s %.0f%n", "deliveries/s", num(r.get("deliveries_per_s")));
            Map<?, ?> l = (Map<?, ?>) r.get("latency_ms");
            out.printf(Locale.ROOT, "%-22s p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f mean=%.3f%n", "latency ms",
                    num(l.get("p50")), num(l.get("p90")), num(l.get("p99")), num(l.get("p999")), num(l.get("max")), num(l.get("mean")));
            out.printf(Locale.ROOT, "%-22s %s unexpected, %s clients got nothing%n", "closes", r.get("unexpected_closes"), r.get("clients_with_no_delivery"));
            out.printf(Locale.ROOT, "%-22s frames %s, without token %s, foreign tokens %s%n", "received", r.get("frames_received"),
                    r.get("frames_without_token"), r.get("foreign_tokens"));
        }
        if (r.get("close_reasons") instanceof Map<?, ?> m && !m.isEmpty()) out.printf("%-22s %s%n", "close reasons", Json.write(m, ""));
        if (r.get("write_errors") instanceof Map<?, ?> m && !m.isEmpty()) out.printf("%-22s %s%n", "write errors", Json.write(m, ""));
        if (r.containsKey("client_cpu_s_window")) {
            double w = num(r.get("duration_s"));
            out.printf(Locale.ROOT, "%-22s %.2f s in the %.1f s window (%.0f %% of one core)%n", "this tool's CPU",
                    num(r.get("client_cpu_s_window")), w, 100 * num(r.get("client_cpu_s_window")) / w);
        }
        if (r.get("server") instanceof Map<?, ?> s) {
            out.printf(Locale.ROOT, "%-22s pid %s: RSS %s kB before, %s kB connected%s%s%n", "server", s.get("pid"),
                    s.get("rss_kb_before"), s.get("rss_kb_connected"), s.containsKey("rss_kb_end") ? ", " + s.get("rss_kb_end") + " kB end" : "",
                    s.containsKey("rss_kb_per_conn") ? String.format(Locale.ROOT, " (%.1f kB per connection)", num(s.get("rss_kb_per_conn"))) : "");
            if (s.containsKey("cpu_s_window")) {
                out.printf(Locale.ROOT, "%-22s %.2f CPU-s in the window%s%n", "", num(s.get("cpu_s_window")),
                        s.containsKey("cpu_s_per_million_deliveries")
                                ? String.format(Locale.ROOT, ", %.2f CPU-s per million deliveries", num(s.get("cpu_s_per_million_deliveries")))
                                : "");
            }
        }
    }

    // ================================================================== minimal JSON

    static final class Json {
        static String write(Object v, String indent) {
            StringBuilder sb = new StringBuilder();
            write(sb, v, indent);
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object v, String ind) {
            String in2 = ind + "  ";
            if (v == null) sb.append("null");
            else if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append("{\n");
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(",\n");
                    first = false;
                    sb.append(in2);
                    str(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), in2);
                }
                sb.append('\n').append(ind).append('}');
            } else if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append("[\n");
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) sb.append(",\n");
                    sb.append(in2);
                    write(sb, l.get(i), in2);
                }
                sb.append('\n').append(ind).append(']');
            } else if (v instanceof Double d) {
                if (d.isNaN() || d.isInfinite()) sb.append("null");
                else if (d == Math.rint(d) && Math.abs(d) < 1e15) sb.append((long) (double) d);
                else sb.append(d);
            } else if (v instanceof Number || v instanceof Boolean) sb.append(v);
            else str(sb, v.toString());
        }

        private static void str(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                        else sb.append(c);
                    }
                }
            }
            sb.append('"');
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String s) {
            Object v = new Json.Parser(s).value();
            if (!(v instanceof Map)) throw new IllegalArgumentException("not a JSON object");
            return (Map<String, Object>) v;
        }

        static final class Parser {
            final String s;
            int i;

            Parser(String s) {
                this.s = s;
            }

            void ws() {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
            }

            Object value() {
                ws();
                char c = s.charAt(i);
                if (c == '{') {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        expect('}');
                        return m;
                    }
                }
                if (c == '[') {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        expect(']');
                        return l;
                    }
                }
                if (c == '"') return string();
                if (s.startsWith("true", i)) {
                    i += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", i)) {
                    i += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("null", i)) {
                    i += 4;
                    return null;
                }
                int j = i;
                while (j < s.length() && "+-0123456789.eE".indexOf(s.charAt(j)) >= 0) j++;
                double d = Double.parseDouble(s.substring(i, j));
                i = j;
                return d;
            }

            void expect(char c) {
                if (s.charAt(i) != c) throw new IllegalArgumentException("expected " + c + " at " + i);
                i++;
            }

            String string() {
                expect('"');
                StringBuilder sb = new StringBuilder();
                while (true) {
                    char c = s.charAt(i++);
                    if (c == '"') return sb.toString();
                    if (c == '\\') {
                        char e = s.charAt(i++);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            case 'r' -> sb.append('\r');
                            case 'b' -> sb.append('\b');
                            case 'f' -> sb.append('\f');
                            case 'u' -> {
                                sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                                i += 4;
                            }
                            default -> sb.append(e);
                        }
                    } else sb.append(c);
                }
            }
        }
    }

    // ================================================================== --table: medians of many runs

    static final class Table {
        /** scenario -> rows of {label, JSON path}; "=" paths are derived figures. */
        static final Map<String, String[][]> METRICS = new LinkedHashMap<>();

        static {
            METRICS.put("fanout", new String[][] {
                {"deliveries/s", "deliveries_per_s"}, {"delivered ratio", "delivery_ratio"}, {"sent msg/s", "send_rate"},
                {"latency p50 ms", "latency_ms.p50"}, {"latency p99 ms", "latency_ms.p99"},
                {"server CPU-s (window)", "server.cpu_s_window"}, {"server CPU-s / M deliv", "server.cpu_s_per_million_deliveries"},
                {"tool CPU-s (window)", "client_cpu_s_window"}, {"tool CPU us / delivery", "=tool_us_per_delivery"},
                {"unexpected closes", "unexpected_closes"}});
            METRICS.put("latency", new String[][] {
                {"latency p50 ms", "latency_ms.p50"}, {"latency p90 ms", "latency_ms.p90"}, {"latency p99 ms", "latency_ms.p99"},
                {"latency p99.9 ms", "latency_ms.p999"}, {"latency max ms", "latency_ms.max"}, {"delivered ratio", "delivery_ratio"},
                {"deliveries/s", "deliveries_per_s"}, {"tool CPU-s (window)", "client_cpu_s_window"},
                {"tool CPU us / delivery", "=tool_us_per_delivery"}});
            METRICS.put("cpu", new String[][] {
                {"server CPU-s / M deliv", "server.cpu_s_per_million_deliveries"}, {"server CPU-s (window)", "server.cpu_s_window"},
                {"deliveries/s", "deliveries_per_s"}, {"delivered ratio", "delivery_ratio"}, {"latency p99 ms", "latency_ms.p99"},
                {"tool CPU-s (window)", "client_cpu_s_window"}, {"tool CPU us / delivery", "=tool_us_per_delivery"}});
            METRICS.put("saturation", new String[][] {
                {"max rate ok (msg/s)", "=max_rate_ok"}, {"deliveries/s at max ok", "=best.deliveries_per_s"},
                {"p99 ms at max ok", "=best.latency_ms.p99"}, {"first failing rate", "=first_fail"}});
            METRICS.put("idle", new String[][] {
                {"connected", "connected"}, {"connect time s", "connect_time_s"}, {"stayed open (hold)", "=stayed_open"},
                {"server RSS kB / conn", "server.rss_kb_per_conn"}, {"server RSS kB connected", "server.rss_kb_connected"},
                {"settle time s", "settle_time_s"}});
        }

        static Object path(Map<String, Object> m, String p) {
            Object v = m;
            for (String k : p.split("\\.")) {
                if (!(v instanceof Map<?, ?> mm)) return null;
                v = mm.get(k);
            }
            return v;
        }

        static void print(Path dir, PrintStream out) throws IOException {
            // tool -> scenario -> run -> report (saturation of wsload: run -> rate -> step report)
            Map<String, Map<String, Map<String, Map<String, Object>>>> reports = new TreeMap<>();
            Map<String, Map<String, TreeMap<Double, Map<String, Object>>>> wsSteps = new TreeMap<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                for (Path p : ds) {
                    String name = p.getFileName().toString().replaceFirst("\\.json$", "");
                    String[] parts = name.split("-");
                    if (parts.length < 3) continue;
                    Map<String, Object> r;
                    try {
                        r = Json.object(Files.readString(p));
                    } catch (RuntimeException e) {
                        out.println("(skipping unreadable " + p.getFileName() + ")");
                        continue;
                    }
                    String tool = parts[0], scen = parts[1], run = parts[2];
                    if (parts.length >= 4 && parts[3].startsWith("r")) {
                        double rate = Double.parseDouble(parts[3].substring(1));
                        r.put("rate", rate);
                        wsSteps.computeIfAbsent(tool + "/" + scen, k -> new TreeMap<>())
                                .computeIfAbsent(run, k -> new TreeMap<>()).put(rate, r);
                    } else {
                        reports.computeIfAbsent(tool, k -> new TreeMap<>()).computeIfAbsent(scen, k -> new TreeMap<>()).put(run, r);
                    }
                }
            }
            // a stepped saturation run (one report per rate): walk up the rates to the first failure
            wsSteps.forEach((key, runs) -> {
                String tool = key.substring(0, key.indexOf('/')), scen = key.substring(key.indexOf('/') + 1);
                runs.forEach((run, byRate) -> {
                    Map<String, Object> agg = new LinkedHashMap<>();
                    double best = 0;
                    Object bestRep = null;
                    Object firstFail = null;
                    for (Map.Entry<Double, Map<String, Object>> e : byRate.entrySet()) {
                        if (stepPasses(e.getValue(), 0.999, 100, 0.97)) {
                            best = e.getKey();
                            bestRep = e.getValue();
                        } else {
                            firstFail = e.getKey();
                            break;
                        }
                    }
                    agg.put("max_rate_ok", best);
                    agg.put("best", bestRep);
                    agg.put("first_fail", firstFail);
                    reports.computeIfAbsent(tool, k -> new TreeMap<>()).computeIfAbsent(scen, k -> new TreeMap<>()).put(run, agg);
                });
            });
            List<String> tools = new ArrayList<>(reports.keySet());
            tools.sort((a, b) -> a.equals("chatload") ? -1 : b.equals("chatload") ? 1 : a.compareTo(b));
            out.printf("%-11s %-24s", "scenario", "figure");
            for (String t : tools) out.printf(" %-34s", t + " median [min - max] (n)");
            out.println();
            for (Map.Entry<String, String[][]> e : METRICS.entrySet()) {
                String scen = e.getKey();
                boolean any = false;
                for (String t : tools) any |= reports.get(t).containsKey(scen);
                if (!any) continue;
                for (String[] row : e.getValue()) {
                    out.printf("%-11s %-24s", scen, row[0]);
                    for (String t : tools) {
                        List<Double> vals = new ArrayList<>();
                        for (Map<String, Object> r : reports.get(t).getOrDefault(scen, Map.of()).values()) {
                            double v = value(r, scen, row[1]);
                            if (!Double.isNaN(v)) vals.add(v);
                        }
                        out.printf(" %-34s", stat(vals, row[0].contains("ratio")));
                    }
                    out.println();
                }
            }
        }

        static double value(Map<String, Object> r, String scen, String p) {
            if (p.startsWith("=")) {
                p = p.substring(1);
                if (p.equals("stayed_open")) return num(r.get("connected")) - num(r.get("unexpected_closes"));
                if (p.equals("tool_us_per_delivery")) {
                    return num(r.get("client_cpu_s_window")) / (num(r.get("deliveries_per_s")) * num(r.get("duration_s"))) * 1e6;
                }
                if (scen.equals("saturation") && r.containsKey("steps")) {
                    // a ChatLoad saturation report: derive best/first_fail from its steps
                    List<?> steps = (List<?>) r.get("steps");
                    Map<String, Object> best = null;
                    Object firstFail = null;
                    for (Object o : steps) {
                        @SuppressWarnings("unchecked") Map<String, Object> s = (Map<String, Object>) o;
                        if (Boolean.TRUE.equals(s.get("pass"))) best = s;
                        else {
                            firstFail = s.get("rate");
                            break;
                        }
                    }
                    if (p.equals("first_fail")) return num(firstFail);
                    if (p.startsWith("best.")) return best == null ? Double.NaN : num(path(best, p.substring(5)));
                }
                return num(path(r, p));
            }
            return num(path(r, p));
        }

        static String stat(List<Double> v, boolean ratio) {
            if (v.isEmpty()) return "-";
            Collections.sort(v);
            int n = v.size();
            double med = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
            if (ratio) {
                return String.format(Locale.ROOT, "%.5f [%.5f - %.5f] (%d)", med, v.get(0), v.get(n - 1), n);
            }
            return String.format(Locale.ROOT, "%s [%s - %s] (%d)", f(med), f(v.get(0)), f(v.get(n - 1)), n);
        }

        static String f(double d) {
            double a = Math.abs(d);
            if (a >= 1000) return String.format(Locale.ROOT, "%.0f", d);
            if (a >= 100) return String.format(Locale.ROOT, "%.1f", d);
            if (a >= 1) return String.format(Locale.ROOT, "%.2f", d);
            if (a == 0) return "0";
            if (a > 0.99 && a < 1) return String.format(Locale.ROOT, "%.5f", d);
            return String.format(Locale.ROOT, "%.3f", d);
        }
    }
}
