package hubchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server JVM that a test starts itself rather than through Arquillian (Tomcat or Payara Micro
 * serving the built WAR, see {@link TomcatLauncher} and {@link PayaraMicroLauncher}), for
 * settings that are only known when the tests run, such as the address of a Redis on a free port.
 * It knows the process, the app's address ({@code http://localhost:PORT/CONTEXT/}) and the file
 * the server's console goes to; it waits for the app's {@code GET health} to say it is ready
 * (for a node on Redis: connected to it), and stops the server
 * the way an operator would: SIGTERM, so that the server closes its connections (1001), and
 * SIGKILL only if it is still there after {@link #STOP_WAIT}.
 *
 * <p>The server gets this JVM's environment minus every {@code CHAT_*} variable, plus what the
 * launcher gives it: its settings are the test's, whatever the shell had. Its public origin
 * ({@code CHAT_PUBLIC_ORIGIN}) is its own address, {@code http://localhost:PORT}, as an operator
 * would set it, so that a browser on its page may connect, unless the launcher gives another.
 */
public final class ServerProcess implements AutoCloseable {

    static final Duration STOP_WAIT = Duration.ofSeconds(30);
    /** The setting naming the origins the server's page is served from. */
    private static final String PUBLIC_ORIGIN = "CHAT_PUBLIC_ORIGIN";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final URI base;
    private final Path console;
    private final Process process;
    private final Thread lastResort;

    private ServerProcess(String name, URI base, Path console, Process process) {
        this.name = name;
        this.base = base;
        this.console = console;
        this.process = process;
        this.lastResort = new Thread(process::destroyForcibly, name + "-killer");
        Runtime.getRuntime().addShutdownHook(lastResort);
    }

    /**
     * Starts {@code command} with {@code environment} added, its output (both streams) appended
     * to {@code console}; the app will be at {@code base}. Returns at once: see {@link #awaitUp}.
     */
    static ServerProcess launch(String name, URI base, List<String> command, Map<String, String> environment,
                                Path console) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        builder.environment().keySet().removeIf(variable -> variable.startsWith("CHAT_"));
        builder.environment().putAll(environment);
        builder.environment().putIfAbsent(PUBLIC_ORIGIN, base.getScheme() + "://" + base.getHost() + ":" + base.getPort());
        try {
            Files.createDirectories(console.getParent());
            return new ServerProcess(name, base, console, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    /** Tomcat, Payara Micro, ... for messages. */
    public String name() {
        return name;
    }

    /** The app, e.g. {@code http://localhost:41234/chat/}, always ending in '/'. */
    public URI base() {
        return base;
    }

    /** {@code ws://localhost:PORT/CONTEXT/ws/{room}?{query}}; the query must be URL-encoded already. */
    public URI ws(String room, String query) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/" + room + "?" + query);
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits until {@code GET health} answers 200 with {@code "ready":true} and returns its body;
     * fails with the last answer and the end of the server's console if the process ends first
     * or {@code timeout} passes.
     */
    public String awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(5)).GET().build();
        String last = "nothing";
        while (true) {
            try {
                HttpResponse<String> answer = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                last = answer.statusCode() + " " + answer.body();
                if (answer.statusCode() == 200 && Boolean.TRUE.equals(JsonFrames.parse(answer.body()).get("ready"))) {
                    return answer.body();
                }
            } catch (IOException notYet) {
                // not listening yet, or the app not deployed yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it served "
                        + health.uri() + "; its console (" + console + ") ends:\n" + consoleTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready at " + health.uri() + " within " + timeout
                        + " (last answer: " + last + "); its console (" + console + ") ends:\n" + consoleTail());
            }
            RedisProcess.pause(200);
        }
    }

    /**
     * Waits until the server's console holds {@code text} (a line it logs) and returns the whole
     * console; fails with the console's end if {@code timeout} passes first. The server may have
     * ended meanwhile: what it wrote is still read.
     */
    public String awaitConsole(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ended = !process.isAlive(); // read after: what an ended server wrote is all there
            String all = console();
            if (all.contains(text)) {
                return all;
            }
            if (ended || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not log '" + text + "' within " + timeout
                        + (ended ? " (it exited with " + process.exitValue() + ")" : "")
                        + "; its console (" + console + ") ends:\n" + consoleTail());
            }
            RedisProcess.pause(200);
        }
    }

    /** The HTTP status of {@code GET health} now, or -1 when nothing answers. */
    public int healthStatus() {
        HttpRequest health = HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends the server SIGTERM, as an orchestrator stopping it would, and returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Waits up to {@code timeout} for the process to end; true if it did. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the server process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the server wrote to its console so far ("" before it wrote anything). */
    public String console() {
        try {
            return Files.exists(console) ? new String(Files.readAllBytes(console), java.nio.charset.StandardCharsets.UTF_8) : "";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** The last lines the server wrote to its console, for a failure message. */
    public String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(console);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no console: " + e + ")";
        }
    }

    /** SIGTERM and a wait for the server to shut down, SIGKILL after {@link #STOP_WAIT}; nothing if it has ended. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(lastResort);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println(name + " did not stop within " + STOP_WAIT + ": killed");
                process.destroyForcibly().waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ") at " + base;
    }
}
