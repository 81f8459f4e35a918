package hubchat.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A skip for something a test needs that is not a program {@link SystemProgram} can find (e.g. a
 * test tool installed from npm), said as loudly as a missing program: one {@code SKIPPED} line,
 * listed for the build's closing summary, and a failure instead under
 * {@value MissingProgramCondition#REQUIRE_ALL} (as in CI).
 */
public final class LoudSkip {

    private LoudSkip() {
    }

    /** Skips (or fails) the running test unless {@code present}; {@code needs} says what to install, and how. */
    public static void unless(boolean present, String suite, String needs) {
        if (present) {
            return;
        }
        String what = suite + ": " + needs;
        if (MissingProgramCondition.requireAll(System.getProperty(MissingProgramCondition.REQUIRE_ALL))) {
            throw new IllegalStateException(what + "; -D" + MissingProgramCondition.REQUIRE_ALL + " allows no skips");
        }
        String line = "SKIPPED " + what;
        System.err.println(line);
        new SkippedSuitesFile(Path.of(System.getProperty(SkippedSuitesFile.PROPERTY, SkippedSuitesFile.DEFAULT))).add(line);
        Assumptions.abort(line);
    }
}
