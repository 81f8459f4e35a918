package hubchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server of the tests' own (Debian's {@code postgresql}), on a free loopback
 * port with a temp folder of its own, holding an empty database {@value #DATABASE} owned by the
 * user {@value #USER}, who logs in over TCP with a password (SCRAM, as a real deployment would);
 * and the faults the database drills stage on it: a clean stop and a start again on the same
 * port and data, and a kill -9.
 *
 * <p>Either a JUnit extension for a whole suite ({@code @RegisterExtension static PostgresServer
 * postgres = new PostgresServer()}: started before the suite, stopped after it) or, for one test,
 * {@code try (PostgresServer postgres = PostgresServer.started())}. A suite that uses it is marked
 * {@code @RequiresPrograms(SystemProgram.POSTGRES)}. The server is always killed at the end,
 * also when a test fails, and by a JVM shutdown hook as a last resort. When this JVM is root,
 * PostgreSQL runs as the user {@code postgres} (see {@link PostgresProcess}).
 *
 * <p>Durable as a real server: fsync on, so every commit it acknowledged survives {@link #kill()}.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** The database the tests get, empty at first. */
    public static final String DATABASE = "hubchat";
    /** Its owner, the user the tests connect as. */
    public static final String USER = "hubchat";
    /** The cluster's superuser, used only to create the user and the database. */
    private static final String SUPERUSER = "postgres";
    private static final long START_MILLIS = 60_000;
    private static final int CONNECT_SECONDS = 10;
    /** The status line of postmaster.pid (its 8th) once the server accepts connections. */
    private static final String READY = "ready";

    private final int port;
    private final String password = secret();
    private final String superuserPassword = secret();
    private final Thread lastResort = new Thread(this::release, "postgres-killer");
    /** Made (and initdb run in it) at the first start, so a server never started (its suite skipped) leaves nothing behind. */
    private Path dir;
    private Process process;

    /** A server not yet started: its port is chosen here. */
    public PostgresServer() {
        this.port = RedisProcess.freePort();
    }

    /** A server already accepting connections, for one test (close it). */
    public static PostgresServer started() {
        PostgresServer server = new PostgresServer();
        server.start();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/hubchat}. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String user() {
        return USER;
    }

    /** {@link #USER}'s password, made up for this server. */
    public String password() {
        return password;
    }

    /**
     * Starts the server (again) on its port and data, recovering what it committed before a
     * {@link #kill()}; returns once it accepts connections. The first start makes the cluster,
     * the user and the database.
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("postgres already runs on port " + port);
        }
        boolean first = dir == null;
        if (first) {
            initialize();
        }
        process = PostgresProcess.launch(List.of(program("postgres"), "-D", data().toString(),
                "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + dir.resolve("socket"),
                // What the kill drills rely on: a commit acknowledged is on disk (the default, said here).
                "-c", "fsync=on", "-c", "synchronous_commit=on",
                "-c", "shared_buffers=32MB"), logFile());
        awaitReady();
        if (first) {
            createUserAndDatabase();
        }
    }

    /** A clean, fast stop ({@code pg_ctl stop -m fast}): open sessions are cut, every commit is kept. */
    public synchronized void stop() {
        if (!isRunning()) {
            throw new IllegalStateException("postgres on port " + port + " is not running");
        }
        PostgresProcess.run(List.of(program("pg_ctl"), "stop", "-D", data().toString(), "-m", "fast",
                "-w", "-t", "60"), logFile());
        PostgresProcess.awaitExit(process);
    }

    /** {@code kill -9} of the server: the postmaster and every process it started, gone at once. */
    public synchronized void kill() {
        PostgresProcess.killTree(process);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Its temp folder (data, socket, log); null before the first start. */
    Path folder() {
        return dir;
    }

    /** What the server printed, for a failure message. */
    public String log() {
        return dir == null ? "(never started)" : RedisProcess.log(logFile());
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

    /** Kills the server and deletes the folder: at close, or from the shutdown hook. */
    private void release() {
        try {
            PostgresProcess.killTree(process);
        } catch (IllegalStateException e) {
            System.err.println("could not kill postgres on port " + port + ": " + e);
        }
        RedisProcess.deleteQuietly(dir);
    }

    /** The folder (the service user's), its socket folder, and a cluster in it: trust on the socket, SCRAM over TCP. */
    private void initialize() {
        try {
            dir = Files.createTempDirectory("hubchat-postgres-");
            Runtime.getRuntime().addShutdownHook(lastResort);
            PostgresProcess.own(dir);
            PostgresProcess.own(Files.createDirectory(dir.resolve("socket")));
            Path passwordFile = Files.writeString(dir.resolve("superuser-password"), superuserPassword);
            PostgresProcess.own(passwordFile);
            PostgresProcess.run(List.of(program("initdb"), "-D", data().toString(), "--username=" + SUPERUSER,
                    "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"), logFile());
            Files.delete(passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createUserAndDatabase() {
        try (Connection admin = connect(jdbcUrl("postgres"), SUPERUSER, superuserPassword);
                Statement sql = admin.createStatement()) {
            // Both secrets are hex: nothing to quote.
            sql.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the user and database on port " + port, e);
        }
    }

    /** Waits until postmaster.pid names a postmaster of this start (not one killed before) that is ready. */
    private void awaitReady() {
        Path pidFile = data().resolve("postmaster.pid");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (true) {
            try {
                List<String> lines = Files.readAllLines(pidFile);
                if (lines.size() >= 8 && READY.equals(lines.get(7).strip()) && isOurs(Long.parseLong(lines.get(0).strip()))) {
                    return;
                }
            } catch (IOException | NumberFormatException notYet) {
                // not written yet, or being rewritten
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("postgres did not start on port " + port + ":\n" + log());
            }
            RedisProcess.pause(20);
        }
    }

    /** Whether {@code pid} is the process this start launched or its child (under runuser). */
    private boolean isOurs(long pid) {
        return process.pid() == pid || process.children().anyMatch(child -> child.pid() == pid);
    }

    private static Connection connect(String url, String user, String secret) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", secret);
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_SECONDS));
        return DriverManager.getConnection(url, properties);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A program of the same PostgreSQL as {@code postgres} (initdb, pg_ctl sit beside it). */
    private static String program(String name) {
        return SystemProgram.POSTGRES.path().resolveSibling(name).toString();
    }

    private Path data() {
        return dir.resolve("data");
    }

    private Path logFile() {
        return dir.resolve("postgres.log");
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
