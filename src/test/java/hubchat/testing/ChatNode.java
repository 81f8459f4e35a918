package hubchat.testing;

import hubchat.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One hubchat node in a JVM of its own ({@link ChatNodeMain}), so that a test can stop it the
 * way an operator does (SIGTERM) or kill it the way a crash does ({@code kill -9}), and run
 * several nodes against one Redis. Settings go to it as system properties
 * ({@link Setting#property()}), nothing else: the {@code CHAT_*} variables of the test's own
 * environment are removed from the child's, so a developer's shell cannot change a test. History
 * is in memory and the rate limits are off unless the settings name them.
 *
 * <pre>
 * try (ChatNode a = ChatNode.start("a", Map.of(Setting.REDIS_URL, redis.url(0)))) {
 *     JdkChatClient ann = JdkChatClient.connect(a.url("lobby", "nick=ann"));
 * }
 * </pre>
 *
 * The child runs with the test JVM's class path and small, fast-starting JVM flags; its output
 * goes to {@code target/chat-nodes/NAME-TIME.log} (named in every failure), and it dies with the
 * test JVM: it exits when its standard input, held open here, ends; a shutdown hook here kills
 * whatever is still running as well.
 *
 * <p>A node keeps its history in memory ({@code chat.store=memory}) unless the test names a store
 * ({@link Setting#STORE}, {@link Setting#DATA_DIR}, {@link Setting#DB_URL} or {@link Setting#DB_JNDI}):
 * the application's own default, a database file in the user's home folder, would be shared by
 * every node of every test run. {@link #ready()} asks the node's {@code /health}.
 */
public final class ChatNode implements AutoCloseable {

    /** Longest a node may take to serve: JVM start and Weld on a busy 2-core machine. */
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    /** Longest a clean stop may take: the hub closes its connections, then the JVM exits. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);
    private static final Path LOG_DIR = Path.of(System.getProperty("basedir", "."), "target", "chat-nodes");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HHmmss-SSS");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    /** The settings that name where a node keeps history; without any, the fixture picks memory. */
    private static final Set<Setting> STORE_SETTINGS = Set.of(Setting.STORE, Setting.DATA_DIR, Setting.DB_URL, Setting.DB_JNDI);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "chat-node-killer"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final int healthPort;

    private ChatNode(String name, Process process, Path log, int[] ports) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = ports[0];
        this.healthPort = ports[1];
    }

    /** Starts a node with {@code settings} (the rest default) and returns once it serves. */
    public static ChatNode start(String name, Map<Setting, ?> settings) {
        Path log = LOG_DIR.resolve(name + "-" + LocalDateTime.now().format(STAMP) + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and quick: C1 only starts fastest, and a test node needs little heap.
                "-Xss512k", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Dhubchat.node=" + name));
        settings.forEach((setting, value) -> command.add("-D" + setting.property() + "=" + value));
        if (settings.keySet().stream().noneMatch(STORE_SETTINGS::contains)) {
            command.add("-D" + Setting.STORE.property() + "=memory");
        }
        // The drills send bursts on purpose and are about delivery, not the rate limits: off, unless named.
        RateLimitsOff.SETTINGS.forEach((setting, value) -> {
            if (!settings.containsKey(setting)) {
                command.add("-D" + setting.property() + "=" + value);
            }
        });
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChatNodeMain.class.getName()));
        Process process;
        try {
            Files.createDirectories(LOG_DIR);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().keySet().removeIf(variable -> variable.startsWith("CHAT_"));
            process = builder.start(); // standard input stays a pipe held by this JVM: see ChatNodeMain
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LIVE.add(process);
        try {
            return new ChatNode(name, process, log, awaitReady(name, process, log));
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            LIVE.remove(process);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Where the node's output goes. */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code http://localhost:HEALTH_PORT/health}: see {@link ChatNodeMain}. */
    public URI healthUrl() {
        return URI.create("http://localhost:" + healthPort + "/health");
    }

    /**
     * What the node's {@code /health} says of {@code ready} (its hub's engine can store
     * messages); fails if it does not answer 200 with that field.
     */
    public boolean ready() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(healthUrl()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        Object ready = r.statusCode() == 200 ? JsonFrames.parse(r.body()).get("ready") : null;
        if (!(ready instanceof Boolean b)) {
            throw new AssertionError(this + ": /health answered " + r.statusCode() + " " + r.body());
        }
        return b;
    }

    /** {@code ws://localhost:PORT/ws/ROOM?QUERY}; {@code rawQuery} must be URL-encoded already (or null). */
    public URI url(String rawRoom, String rawQuery) {
        return URI.create("ws://localhost:" + port + "/ws/" + rawRoom + (rawQuery == null ? "" : "?" + rawQuery));
    }

    /**
     * A clean stop, as an operator's: SIGTERM, so the node drains (its shutdown hook stops the hub:
     * each connection gets what was queued for it, then 1001 {@code restarting}) and exits; fails if it has not exited within {@link #STOP_WAIT} (it is
     * then killed). Nothing if it is not running.
     */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!exited(STOP_WAIT)) {
            kill9();
            throw new AssertionError("node " + name + " did not stop within " + STOP_WAIT + "; killed it" + tail());
        }
        LIVE.remove(process);
    }

    /** {@code kill -9}: gone at once, nothing closed cleanly; returns once the process is gone. */
    public void kill9() {
        process.destroyForcibly();
        if (!exited(STOP_WAIT)) {
            throw new AssertionError("node " + name + " (pid " + pid() + ") survived kill -9");
        }
        LIVE.remove(process);
    }

    /**
     * Closes the node's standard input, as the test JVM's death would; the node should then
     * stop by itself. For the test of that safeguard.
     */
    void closeStandardInput() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits up to {@code wait} for the process to end; true if it did. */
    boolean exited(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exit code; the process must have ended. */
    int exitCode() {
        return process.exitValue();
    }

    /** Stops the node if it still runs (see {@link #stop()}). */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "node " + name + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
    }

    /** The end of the node's output, for failure messages. */
    public String tail() {
        return "\n--- last lines of " + log + " ---\n" + lastLines(log, 40);
    }

    /** The node's port and its health port, once it printed that it serves. */
    private static int[] awaitReady(String name, Process process, Path log) {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            int health = -1;
            for (String line : lines(log)) {
                if (line.startsWith(ChatNodeMain.HEALTH)) {
                    health = Integer.parseInt(line.substring(ChatNodeMain.HEALTH.length()).trim());
                }
                if (line.startsWith(ChatNodeMain.READY)) {
                    return new int[] {Integer.parseInt(line.substring(ChatNodeMain.READY.length()).trim()), health};
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue()
                        + " before serving\n" + lastLines(log, 60));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + name + " did not serve within " + START_WAIT + "\n"
                        + lastLines(log, 60));
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(); // not written yet
        }
    }

    private static String lastLines(Path log, int n) {
        List<String> all = lines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
