package hubchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The list of suites this build skipped, one line each, which the build prints at the end of
 * {@code verify} (see the pom's maven-antrun-plugin). Unit tests, the fuzz run and each container
 * run are JVMs of their own, so they meet in a file; the build empties it when it starts, so a
 * skip of an earlier build never shows up in a later one's summary.
 */
final class SkippedSuitesFile {

    /** The setting with the file's path; the pom passes it to every test run. */
    static final String PROPERTY = "hubchat.skipped-suites";
    /** Where it is when a test runs outside Maven (an IDE, from the repository root). */
    static final String DEFAULT = "target/skipped-suites.txt";

    private final Path file;

    SkippedSuitesFile(Path file) {
        this.file = file;
    }

    /** Adds {@code line}. Each append is one write of a short line, so runs that overlap do not mix lines. */
    void add(String line) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot note a skipped suite in " + file, e);
        }
    }
}
