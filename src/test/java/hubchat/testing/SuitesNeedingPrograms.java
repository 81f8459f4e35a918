package hubchat.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Small suites marked {@link RequiresPrograms}, which {@link MissingProgramConditionTest} runs
 * through a JUnit launcher of its own with settings of its choosing. The name matches none of the
 * build's test patterns (Test*, *Test, *Tests, *TestCase; inner classes are matched by their
 * whole name), so no test run picks them up on their own (where, run with the machine's
 * programs and settings, they would prove nothing and could fail a require-all build).
 */
final class SuitesNeedingPrograms {

    /** The test methods that ran, per suite (simple name): cleared by each test that looks at it. */
    static final Map<String, List<String>> RAN = new ConcurrentHashMap<>();

    private SuitesNeedingPrograms() {
    }

    /** A whole class that needs the browser and its driver. */
    @RequiresPrograms({SystemProgram.CHROMIUM, SystemProgram.CHROMEDRIVER})
    static class NeedsTheBrowser {
        @Test
        void first() {
            ran(NeedsTheBrowser.class, "first");
        }

        @Test
        void second() {
            ran(NeedsTheBrowser.class, "second");
        }
    }

    /** One method that needs docker-compose, beside one that needs nothing. */
    static class NeedsComposeInOneMethod {
        @Test
        @RequiresPrograms(SystemProgram.DOCKER_COMPOSE)
        void validatesTheComposeFile() {
            ran(NeedsComposeInOneMethod.class, "validatesTheComposeFile");
        }

        @Test
        void readsTheDockerfiles() {
            ran(NeedsComposeInOneMethod.class, "readsTheDockerfiles");
        }
    }

    private static void ran(Class<?> suite, String test) {
        RAN.computeIfAbsent(suite.getSimpleName(), k -> new CopyOnWriteArrayList<>()).add(test);
    }
}
