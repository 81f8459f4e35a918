package hubchat.testing;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The operating-system side of {@link PostgresServer}: its programs run as a user PostgreSQL
 * accepts, its folders owned by that user, its whole process tree killed.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root (as in CI), every PostgreSQL
 * program runs as {@value #SERVICE_USER} (the user Debian's package makes) through
 * {@code runuser}, which stays as the parent of the program it runs; otherwise they run as this
 * JVM's user, directly.
 */
final class PostgresProcess {

    /** Who runs PostgreSQL's programs when this JVM is root. */
    static final String SERVICE_USER = "postgres";
    /** How long a tool such as initdb may take on a loaded machine. */
    private static final long TOOL_MILLIS = 120_000;
    private static final long EXIT_MILLIS = 10_000;
    /** Whether this JVM runs as root, so that PostgreSQL's programs must run as {@link #SERVICE_USER}. */
    private static final boolean AS_ROOT = new UnixSystem().getUid() == 0;

    private PostgresProcess() {
    }

    /** Starts {@code command} (a PostgreSQL program and its arguments) with its output appended to {@code log}. */
    static Process launch(List<String> command, Path log) {
        try {
            return new ProcessBuilder(asServiceUser(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a tool (initdb, pg_ctl) to its end; fails with the log when it fails. */
    static void run(List<String> command, Path log) {
        Process tool = launch(command, log);
        try {
            if (!tool.waitFor(TOOL_MILLIS, TimeUnit.MILLISECONDS)) {
                tool.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish:\n" + RedisProcess.log(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException(command + " failed (exit " + tool.exitValue() + "):\n" + RedisProcess.log(log));
        }
    }

    /** Makes {@code path} the service user's when this JVM is root, so that PostgreSQL may use it; nothing otherwise. */
    static void own(Path path) {
        if (!AS_ROOT) {
            return;
        }
        try {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to the user " + SERVICE_USER
                    + " (apt-get install postgresql makes it)", e);
        }
    }

    /** Waits for {@code launched} to end by itself (after a clean stop). */
    static void awaitExit(Process launched) {
        try {
            if (!launched.waitFor(EXIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("PostgreSQL (process " + launched.pid() + ") did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SIGKILL to the postmaster and every process it started, all at once as in a crash, then
     * waits until all are gone: a restart refuses to run while the old postmaster's pid is still
     * taken or one of its processes still holds its shared memory, and a backend left alone could
     * still commit after the "crash". {@code launched} is the postmaster or, when root, the
     * runuser above it, which is left to reap the postmaster and end by itself (killed, it would
     * leave the postmaster to init, a zombie for a while that still holds its pid). Nothing for null.
     */
    static void killTree(Process launched) {
        if (launched == null) {
            return;
        }
        List<ProcessHandle> server = launched.descendants().toList();
        if (!AS_ROOT || server.isEmpty()) {
            server = Stream.concat(Stream.of(launched.toHandle()), server.stream()).toList();
        }
        server.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_MILLIS);
        try {
            boolean ended = launched.waitFor(EXIT_MILLIS, TimeUnit.MILLISECONDS);
            while (ended && !server.stream().allMatch(PostgresProcess::exited) && System.nanoTime() < deadline) {
                RedisProcess.pause(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Long> left = server.stream().filter(p -> !exited(p)).map(ProcessHandle::pid).toList();
        if (launched.isAlive() || !left.isEmpty()) {
            throw new IllegalStateException("PostgreSQL processes outlived SIGKILL: " + launched.pid() + " " + left);
        }
    }

    /**
     * Whether a process has ended: gone, or a zombie (a backend orphaned by its postmaster that
     * the machine's init has not reaped yet: it holds no memory, no port and no lock file any
     * more, but counts as alive).
     */
    private static boolean exited(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }

    /** {@code command} as this JVM must run it: through runuser when root. */
    private static List<String> asServiceUser(List<String> command) {
        if (!AS_ROOT) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SERVICE_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
