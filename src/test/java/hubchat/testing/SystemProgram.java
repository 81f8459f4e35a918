package hubchat.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A program outside the JVM that some test suites need, where the tests look for it, and the
 * Debian package that installs it: the one list of these. A suite names what it needs with
 * {@link RequiresPrograms}; .ci/run installs every package named here, and the README's Quick
 * start tells a newcomer to (a test keeps both in step). A later suite that needs another
 * program adds a constant here.
 *
 * <p>The system property {@code it.<command>} (e.g. {@code -Dit.chromium=/opt/chromium/chrome})
 * points the tests at another copy; pointing it at a missing file hides the program.
 */
public enum SystemProgram {

    /** The browser of the browser tests: Debian's build, never one that Selenium downloads. */
    CHROMIUM("chromium", "/usr/bin/chromium", "chromium"),
    /** The WebDriver server that Selenium drives Chromium through; Debian's, matching its Chromium. */
    CHROMEDRIVER("chromedriver", "/usr/bin/chromedriver", "chromium-driver"),
    /** Validates docker/compose.yml without a container engine (the v1 command; found on the PATH). */
    DOCKER_COMPOSE("docker-compose", null, "docker-compose"),
    /** The real Redis of the Redis tests (7.0 on Debian 12), started by each suite on a free port. */
    REDIS_SERVER("redis-server", "/usr/bin/redis-server", "redis-server"),
    /**
     * The real PostgreSQL of the database tests (15 on Debian 12, 17 on Debian 13), started by
     * each suite on a free port; Debian keeps it off the PATH, one folder per major version,
     * with {@code initdb} and {@code pg_ctl} beside it.
     */
    POSTGRES("postgres", "/usr/lib/postgresql/*/bin/postgres", "postgresql"),
    /** Runs the README's shell example that issues a signed token (found on the PATH, as a reader's shell finds it). */
    OPENSSL("openssl", null, "openssl"),
    /** Runs the chat page's module tests (src/test/js) with its built-in test runner (found on the PATH). */
    NODE("node", null, "nodejs");

    /** A version folder's name: numbers joined by dots (9.6, 15). */
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9})*");
    /** Oldest first, number by number: 9.6 before 10 before 17. */
    private static final Comparator<String> BY_VERSION = Comparator.comparing(
            (String v) -> Arrays.stream(v.split("\\.")).mapToInt(Integer::parseInt).toArray(), Arrays::compare);

    private final String command;
    /**
     * Where Debian puts it when the tests insist on that copy, where a {@code *} stands for a
     * version folder (the newest that has it: see {@link #newest}); null: the first one on the PATH.
     */
    private final String debianPath;
    private final String debianPackage;

    SystemProgram(String command, String debianPath, String debianPackage) {
        this.command = command;
        this.debianPath = debianPath;
        this.debianPackage = debianPackage;
    }

    /** What to {@code apt-get install} for it. */
    public String debianPackage() {
        return debianPackage;
    }

    /** The system property that points the tests at another copy. */
    public String overrideProperty() {
        return "it." + command;
    }

    /** Where this JVM's tests run it from; fails with what to install when it is missing. */
    public Path path() {
        return find(System::getProperty, System.getenv("PATH"))
                .orElseThrow(() -> new IllegalStateException(
                        wanted(System::getProperty) + " is missing (apt-get install " + debianPackage + ")"));
    }

    /**
     * The executable the tests would run, if there is one: the override property's file, else
     * Debian's path (in the newest version folder that has it), else the first {@code command}
     * on {@code searchPath} (a PATH value). {@code properties} looks up settings by name (null
     * when unset).
     */
    public Optional<Path> find(UnaryOperator<String> properties, String searchPath) {
        String chosen = properties.apply(overrideProperty());
        if (chosen != null) {
            return executable(Path.of(chosen));
        }
        if (debianPath != null) {
            return newest(debianPath);
        }
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            Optional<Path> found = dir.isEmpty() ? Optional.empty() : executable(Path.of(dir, command));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** What the tests look for, for a person to read: a path (with its {@code *} for a version), or "COMMAND on the PATH". */
    public String wanted(UnaryOperator<String> properties) {
        String chosen = properties.apply(overrideProperty());
        if (chosen != null) {
            return chosen;
        }
        return debianPath != null ? debianPath : command + " on the PATH";
    }

    /**
     * The executable file {@code pattern} names, where one {@code *}, a whole folder name, stands
     * for a version: the highest version folder that holds that file executable (folders named
     * otherwise, and versions where it is missing, do not count); a pattern without {@code *} is
     * that file.
     */
    static Optional<Path> newest(String pattern) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return executable(Path.of(pattern));
        }
        String parent = pattern.substring(0, star);
        String rest = pattern.substring(star + 1);
        try (Stream<Path> folders = Files.list(Path.of(parent))) {
            return folders.map(f -> f.getFileName().toString()).filter(n -> VERSION.matcher(n).matches())
                    .sorted(BY_VERSION.reversed())
                    .map(version -> executable(Path.of(parent + version + rest)))
                    .flatMap(Optional::stream).findFirst();
        } catch (IOException noFolder) {
            return Optional.empty();
        }
    }

    private static Optional<Path> executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
    }
}
