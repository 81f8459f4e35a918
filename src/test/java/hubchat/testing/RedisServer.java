package hubchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} of the tests' own, on a free loopback port with a temp folder of
 * its own, and the faults the Redis drills stage on it: stop and start again on the same port
 * (keeping or wiping its data), {@code kill -9}, a snapshot to come back to later, the pub/sub
 * clients cut off, the server stalled.
 *
 * <p>Either a JUnit extension for a whole suite ({@code @RegisterExtension static RedisServer
 * redis = new RedisServer(Options.DEFAULT)}: started before the suite, stopped after it) or,
 * for one test, {@code try (RedisServer redis = RedisServer.started(...))}. A suite that uses it
 * is marked {@code @RequiresPrograms(SystemProgram.REDIS_SERVER)}. The process is always
 * stopped at the end, also when a test fails, and by a JVM shutdown hook as a last resort.
 *
 * <p>By default nothing persists ({@code --save "" --appendonly no}): a stop or a kill loses
 * everything, and only {@link #snapshotNow()} writes a snapshot, which a later start loads.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final int REPLY_MILLIS = 5_000;
    private static final long START_MILLIS = 10_000;

    /**
     * How the server runs: with an append-only file (every write kept across a clean stop), and
     * with a password ({@code --requirepass}), or neither.
     */
    public record Options(boolean appendOnly, String password) {
        /** Nothing persisted, no password. */
        public static final Options DEFAULT = new Options(false, null);

        public Options withAppendOnly() {
            return new Options(true, password);
        }

        public Options withPassword(String secret) {
            return new Options(appendOnly, secret);
        }
    }

    private final Options options;
    private final int port;
    private final Thread lastResort = new Thread(this::release, "redis-server-killer");
    /** Made at the first start, so a server never started (its suite skipped) leaves nothing behind. */
    private Path dir;
    private Process process;

    /** A server not yet started: its port is chosen here. */
    public RedisServer(Options options) {
        this.options = options;
        this.port = RedisProcess.freePort();
    }

    /** A server already answering, for one test (close it). */
    public static RedisServer started(Options options) {
        RedisServer server = new RedisServer(options);
        server.start();
        return server;
    }

    public int port() {
        return port;
    }

    /** Its address for a client: {@code redis://[:password@]127.0.0.1:PORT} with db index {@code db}. */
    public String url(int db) {
        String auth = options.password() == null ? "" : ":" + options.password() + "@";
        return "redis://" + auth + "127.0.0.1:" + port + "/" + db;
    }

    /** Starts the server (again) on its port and folder, loading what it persisted there; returns once it answers PING. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server already runs on port " + port);
        }
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("hubchat-redis-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(lastResort);
        }
        List<String> command = new ArrayList<>(List.of(SystemProgram.REDIS_SERVER.path().toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", options.appendOnly() ? "yes" : "no",
                // DEBUG SLEEP is how stall() freezes it; Redis 7 refuses DEBUG unless enabled.
                "--enable-debug-command", "local", "--daemonize", "no", "--logfile", ""));
        if (options.password() != null) {
            command.addAll(List.of("--requirepass", options.password()));
        }
        process = RedisProcess.launch(command, dir.resolve("redis.log"));
        awaitPong();
    }

    /** A clean stop ({@code SHUTDOWN}): with an append-only file everything is kept, otherwise nothing new is saved. */
    public synchronized void stop() {
        try (RespClient client = client()) {
            client.send("SHUTDOWN");
            client.read(); // the connection closes: nothing comes back
        } catch (IOException expected) {
            // the server went away, as asked
        }
        RedisProcess.awaitExit(process, port);
    }

    /** {@code kill -9}: gone at once, nothing saved. */
    public synchronized void kill9() {
        if (process != null) {
            process.destroyForcibly();
            RedisProcess.awaitExit(process, port);
        }
    }

    /** Deletes what the server persisted (snapshot, append-only files), so the next start is empty; only while stopped. */
    public synchronized void wipeData() {
        if (isRunning()) {
            throw new IllegalStateException("wipe the data of a stopped server only");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("redis.log")).toList()) {
                RedisProcess.deleteTree(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code SAVE}: a snapshot of now, which a start after {@link #kill9()} loads (then the later writes are lost). */
    public void snapshotNow() {
        command("SAVE");
    }

    /** {@code CLIENT KILL TYPE pubsub}: cuts off every subscriber; returns how many there were. */
    public long killPubSubClients() {
        return (Long) command("CLIENT", "KILL", "TYPE", "pubsub");
    }

    /** {@code FLUSHALL}: every key of every db gone, the server still up. */
    public void flushAll() {
        command("FLUSHALL");
    }

    /**
     * Freezes the server for {@code millis} ({@code DEBUG SLEEP}): it accepts connections but
     * answers nothing until then. Returns once the freeze has begun; the future completes when
     * it ends.
     */
    public CompletableFuture<Void> stall(long millis) {
        CompletableFuture<Void> over = new CompletableFuture<>();
        RespClient sleeper = client(REPLY_MILLIS + (int) millis);
        try {
            sleeper.send("DEBUG", "SLEEP", String.format(Locale.ROOT, "%.3f", millis / 1000.0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread waiter = new Thread(() -> {
            try (sleeper) {
                sleeper.read();
                over.complete(null);
            } catch (IOException e) {
                over.completeExceptionally(e);
            }
        }, "redis-stall");
        waiter.setDaemon(true);
        waiter.start();
        awaitUnresponsive();
        return over;
    }

    /** Runs one command through the fixture's own connection and returns its reply (see {@link RespClient}). */
    public Object command(String... args) {
        try (RespClient client = client()) {
            return client.call(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Kills the server if it runs and deletes its folder. */
    @Override
    public synchronized void close() {
        if (dir == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(lastResort);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        release();
    }

    /** Kills the process and deletes the folder: at close, or from the shutdown hook. */
    private void release() {
        RedisProcess.killQuietly(process);
        RedisProcess.deleteQuietly(dir);
    }

    private RespClient client() {
        return client(REPLY_MILLIS);
    }

    /** A connection, authenticated when the server has a password. */
    private RespClient client(int timeoutMillis) {
        try {
            RespClient client = new RespClient(port, timeoutMillis);
            if (options.password() != null) {
                client.call("AUTH", options.password());
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (true) {
            try (RespClient client = client()) {
                if ("PONG".equals(client.call("PING"))) {
                    return;
                }
            } catch (UncheckedIOException | IOException notYet) {
                // not listening yet, or still loading its data (-LOADING)
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not answer on port " + port + ":\n"
                        + RedisProcess.log(dir.resolve("redis.log")));
            }
            RedisProcess.pause(20);
        }
    }

    /** Waits until a PING on a new connection goes unanswered: the stall has begun. */
    private void awaitUnresponsive() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPLY_MILLIS);
        while (System.nanoTime() < deadline) {
            try (RespClient probe = client(100)) {
                probe.call("PING");
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof SocketTimeoutException) {
                    return;
                }
                throw e;
            } catch (SocketTimeoutException frozen) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RedisProcess.pause(2);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not stall");
    }
}
