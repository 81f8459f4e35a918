package hubchat.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
    REDIS_SERVER("redis-server", "/usr/bin/redis-server", "redis-server");

    private final String command;
    /** Where Debian puts it when the tests insist on that copy; null: the first one on the PATH. */
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
     * Debian's path, else the first {@code command} on {@code searchPath} (a PATH value).
     * {@code properties} looks up settings by name (null when unset).
     */
    public Optional<Path> find(UnaryOperator<String> properties, String searchPath) {
        String chosen = properties.apply(overrideProperty());
        if (chosen == null) {
            chosen = debianPath;
        }
        if (chosen != null) {
            return executable(Path.of(chosen));
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

    /** What the tests look for, for a person to read: a path, or "COMMAND on the PATH". */
    public String wanted(UnaryOperator<String> properties) {
        String chosen = properties.apply(overrideProperty());
        if (chosen != null) {
            return chosen;
        }
        return debianPath != null ? debianPath : command + " on the PATH";
    }

    private static Optional<Path> executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
    }
}
