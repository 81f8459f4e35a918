package hubchat.bench;

import static hubchat.bench.MonoClock.SEC;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's connections: opens them all to one URL at a bounded pace (--conc handshakes in
 * flight, --ramp per second) over a few shared HTTP clients, waits for the inbound frames to go
 * quiet, and closes them.
 */
final class Connections implements AutoCloseable {

    /** How often the connect phase logs its progress. */
    private static final long LOG_EVERY = 2 * SEC;
    /** How long closing waits for the server's close frames before aborting what is left. */
    private static final long CLOSE_WAIT = 3 * SEC;

    private final RunState run;
    private final LoadOptions o;
    private final URI uri;
    private final Progress progress;
    /** By index; null where the connection failed. */
    final ChatClient[] clients;
    private final HttpClient[] http;
    /** The listeners' executor, if --threads asked for one. */
    private final ExecutorService pool;

    Connections(RunState run, URI uri) {
        this.run = run;
        this.o = run.options;
        this.uri = uri;
        this.progress = run.progress;
        this.clients = new ChatClient[o.clients];
        Executor exec;
        if (o.threads == 0) {
            pool = null;
            exec = Runnable::run; // the client's tasks (and our listener) run on the HttpClients' selector threads
        } else {
            AtomicInteger threadNo = new AtomicInteger();
            pool = Executors.newFixedThreadPool(o.threads, r -> {
                Thread t = new Thread(r, "chatload-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            exec = pool;
        }
        http = new HttpClient[o.httpClients];
        for (int i = 0; i < http.length; i++) {
            http[i] = HttpClient.newBuilder().executor(exec).build();
        }
    }

    /** Opens every connection, within --connect-timeout (plus a last --dial-timeout for the handshakes in flight). */
    void connect() throws InterruptedException {
        Semaphore inflight = new Semaphore(o.conc);
        long start = System.nanoTime();
        long deadline = start + o.connectTimeout;
        long rampEvery = o.ramp > 0 ? (long) (1e9 / o.ramp) : 0;
        AtomicLong ok = new AtomicLong(), bad = new AtomicLong();
        long lastLog = System.nanoTime();
        for (int i = 0; i < o.clients; i++) {
            if (rampEvery > 0) MonoClock.sleepNanos(start + rampEvery * i - System.nanoTime());
            long left = deadline - System.nanoTime();
            if (left <= 0 || !inflight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                bad.incrementAndGet();
                run.connectErrors.add("connect phase timed out");
                continue;
            }
            final int idx = i;
            ChatClient c = new ChatClient(idx, run);
            WebSocket.Builder b = http[i % http.length].newWebSocketBuilder().connectTimeout(Duration.ofNanos(o.dialTimeout));
            if (o.origin != null) b.header("Origin", o.origin);
            CompletableFuture<WebSocket> f;
            try {
                f = b.buildAsync(uri, c);
            } catch (RuntimeException e) {
                inflight.release();
                bad.incrementAndGet();
                run.connectErrors.add(e);
                continue;
            }
            f.orTimeout(o.dialTimeout + SEC, TimeUnit.NANOSECONDS).whenComplete((ws, err) -> {
                if (err != null) {
                    bad.incrementAndGet();
                    run.connectErrors.add(err);
                    if (ws != null) ws.abort();
                } else {
                    c.opened(ws);
                    clients[idx] = c;
                    ok.incrementAndGet();
                }
                inflight.release();
            });
            if (System.nanoTime() - lastLog > LOG_EVERY) {
                progress.log("connecting: %d/%d ok, %d failed", ok.get(), o.clients, bad.get());
                lastLog = System.nanoTime();
            }
        }
        long left = Math.max(0, deadline - System.nanoTime()) + o.dialTimeout + 2 * SEC;
        if (!inflight.tryAcquire(o.conc, left, TimeUnit.NANOSECONDS)) {
            progress.log("some handshakes never completed");
        }
    }

    /** How many connections opened. */
    long connected() {
        long n = 0;
        for (ChatClient c : clients) if (c != null) n++;
        return n;
    }

    /**
     * Waits at least {@code min}, then until no frame arrived for --settle-quiet (join and presence
     * storms), at most --settle-max. Returns the seconds waited.
     */
    double settle(long min) {
        long t0 = System.nanoTime();
        run.lastFrame = MonoClock.now();
        run.settling = true;
        MonoClock.sleepNanos(min);
        while (System.nanoTime() - t0 < o.settleMax) {
            long idle = MonoClock.now() - run.lastFrame;
            if (idle >= o.settleQuiet) break;
            MonoClock.sleepNanos(o.settleQuiet - idle);
        }
        run.settling = false;
        double s = (System.nanoTime() - t0) / 1e9;
        if (s > (min + o.settleQuiet) / 1e9 + 0.05) progress.log("settled after %.2fs (inbound frames went quiet)", s);
        return s;
    }

    /** Sends a close to every open connection, waits a little for the server's, then aborts the rest. */
    void closeAll() {
        run.stopping = true;
        for (ChatClient c : clients) {
            if (c != null && c.isOpen()) {
                try {
                    c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
                } catch (RuntimeException ignored) {
                    // already closing
                }
            }
        }
        long deadline = System.nanoTime() + CLOSE_WAIT;
        for (ChatClient c : clients) {
            if (c == null) continue;
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                c.done.get(left, TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                break;
            }
        }
        for (ChatClient c : clients) {
            if (c != null && !c.done.isDone()) {
                c.ws.abort();
                c.closed(null);
            }
        }
    }

    /** Closes the connections if the run has not, and stops the listeners' executor. */
    @Override
    public void close() {
        if (!run.stopping) closeAll();
        if (pool != null) pool.shutdownNow();
    }
}
