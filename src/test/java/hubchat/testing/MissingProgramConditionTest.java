package hubchat.testing;

import static hubchat.testing.SuitesNeedingPrograms.RAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import hubchat.testing.SuitesNeedingPrograms.NeedsComposeInOneMethod;
import hubchat.testing.SuitesNeedingPrograms.NeedsTheBrowser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link MissingProgramCondition} as a build sees it: the small suites of {@link SuitesNeedingPrograms}
 * run through a JUnit launcher of their own, with the settings the pom would pass, and what JUnit
 * reported, what the suites ran and what landed in the skipped-suites file are checked.
 */
class MissingProgramConditionTest {

    @TempDir
    Path dir;
    private Path skippedFile;
    private Path missing;

    @BeforeEach
    void setUp() {
        RAN.clear();
        skippedFile = dir.resolve("target/skipped-suites.txt");
        missing = dir.resolve("nowhere");
    }

    // ---- skipped ---------------------------------------------------------------------------------

    @Test
    void aSuiteMissingItsProgramsIsSkippedWithOneLineNamingThePackages() throws IOException {
        Map<String, String> settings = settings("false");
        settings.put("it.chromium", missing.resolve("chromium").toString());
        settings.put("it.chromedriver", missing.resolve("chromedriver").toString());

        Report report = run(NeedsTheBrowser.class, settings);

        String line = "SKIPPED hubchat.testing.SuitesNeedingPrograms$NeedsTheBrowser: needs "
                + missing.resolve("chromium") + " and " + missing.resolve("chromedriver")
                + " (apt-get install chromium chromium-driver)";
        assertEquals(Map.of("NeedsTheBrowser", line), report.skipped, "the class is skipped, with the line as reason");
        assertEquals(Map.of(), report.finished, "nothing in it ran");
        assertFalse(RAN.containsKey("NeedsTheBrowser"), "no test method ran: " + RAN);
        assertEquals(List.of(line), Files.readAllLines(skippedFile), "one line for the suite, not one per test");
        assertEquals(List.of(line), report.printed, "and the same line, once, on the test output");
    }

    @Test
    void onlyTheProgramsThatAreMissingAreNamed() throws IOException {
        Map<String, String> settings = settings("false");
        settings.put("it.chromium", executable("chromium").toString());
        settings.put("it.chromedriver", missing.resolve("chromedriver").toString());

        Report report = run(NeedsTheBrowser.class, settings);

        String line = "SKIPPED hubchat.testing.SuitesNeedingPrograms$NeedsTheBrowser: needs "
                + missing.resolve("chromedriver") + " (apt-get install chromium-driver)";
        assertEquals(Map.of("NeedsTheBrowser", line), report.skipped);
        assertEquals(List.of(line), Files.readAllLines(skippedFile));
    }

    @Test
    void aMarkedMethodIsSkippedAloneAndNamedWithItsClass() throws IOException {
        Map<String, String> settings = settings("false");
        settings.put("it.docker-compose", missing.resolve("docker-compose").toString());

        Report report = run(NeedsComposeInOneMethod.class, settings);

        String line = "SKIPPED hubchat.testing.SuitesNeedingPrograms$NeedsComposeInOneMethod#validatesTheComposeFile:"
                + " needs " + missing.resolve("docker-compose") + " (apt-get install docker-compose)";
        assertEquals(Map.of("validatesTheComposeFile()", line), report.skipped);
        assertEquals(List.of("readsTheDockerfiles"), RAN.get("NeedsComposeInOneMethod"), "the other test ran");
        assertEquals(List.of(line), Files.readAllLines(skippedFile));
        assertEquals(List.of(line), report.printed);
    }

    @Test
    void skipsAddUpInTheFileAcrossRuns() throws IOException {
        Map<String, String> settings = settings("false");
        settings.put("it.chromium", missing.resolve("chromium").toString());
        settings.put("it.docker-compose", missing.resolve("docker-compose").toString());

        run(NeedsTheBrowser.class, settings);
        run(NeedsComposeInOneMethod.class, settings);

        List<String> lines = Files.readAllLines(skippedFile);
        assertEquals(2, lines.size(), "one line per suite, each run adding its own: " + lines);
        assertTrue(lines.get(0).startsWith("SKIPPED hubchat.testing.SuitesNeedingPrograms$NeedsTheBrowser: "));
        assertTrue(lines.get(1).startsWith("SKIPPED hubchat.testing.SuitesNeedingPrograms$NeedsComposeInOneMethod#"));
    }

    // ---- run ---------------------------------------------------------------------------------------

    @Test
    void aSuiteWhoseProgramsAreThereRuns() throws IOException {
        Map<String, String> settings = settings("false");
        settings.put("it.chromium", executable("chromium").toString());
        settings.put("it.chromedriver", executable("chromedriver").toString());

        Report report = run(NeedsTheBrowser.class, settings);

        assertEquals(Map.of(), report.skipped);
        assertEquals(List.of("first", "second"), RAN.get("NeedsTheBrowser").stream().sorted().toList());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, report.finished.get("NeedsTheBrowser").getStatus());
        assertFalse(Files.exists(skippedFile), "nothing noted as skipped");
        assertEquals(List.of(), report.printed);
    }

    // ---- failed under require-all -----------------------------------------------------------------

    @Test
    void underRequireAllTheSameMessageFailsTheSuite() {
        for (String requireAll : List.of("true", "")) { // "" is a bare -Dhubchat.require-all in a plain JVM
            RAN.clear();
            Map<String, String> settings = settings(requireAll);
            settings.put("it.chromium", missing.resolve("chromium").toString());
            settings.put("it.chromedriver", executable("chromedriver").toString());

            Report report = run(NeedsTheBrowser.class, settings);

            TestExecutionResult result = report.finished.get("NeedsTheBrowser");
            assertNotNull(result, "the class is reported, not skipped: " + report.skipped);
            assertEquals(TestExecutionResult.Status.FAILED, result.getStatus());
            String message = messages(result.getThrowable().orElseThrow());
            assertTrue(message.contains("hubchat.testing.SuitesNeedingPrograms$NeedsTheBrowser: needs "
                    + missing.resolve("chromium") + " (apt-get install chromium)"), message);
            assertTrue(message.contains("-Dhubchat.require-all"), message);
            assertFalse(RAN.containsKey("NeedsTheBrowser"), "no test method ran");
            assertFalse(Files.exists(skippedFile), "a failure is not noted as a skip");
        }
    }

    @Test
    void requireAllIsOnWhenSetToAnythingButFalse() {
        assertFalse(MissingProgramCondition.requireAll(null), "unset");
        assertFalse(MissingProgramCondition.requireAll("false"), "the pom's default");
        assertFalse(MissingProgramCondition.requireAll("FALSE"));
        assertTrue(MissingProgramCondition.requireAll("true"), "-Dhubchat.require-all through Maven");
        assertTrue(MissingProgramCondition.requireAll(""), "-Dhubchat.require-all on a plain JVM");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private Map<String, String> settings(String requireAll) {
        Map<String, String> settings = new HashMap<>();
        settings.put(MissingProgramCondition.REQUIRE_ALL, requireAll);
        settings.put(SkippedSuitesFile.PROPERTY, skippedFile.toString());
        return settings;
    }

    private Path executable(String name) {
        try {
            Path file = Files.createDirectories(dir.resolve("bin")).resolve(name);
            Files.writeString(file, "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** What JUnit reported, by display name (class simple name, or method name with "()"), and what the run printed. */
    private static final class Report implements TestExecutionListener {
        final Map<String, String> skipped = new HashMap<>();
        final Map<String, TestExecutionResult> finished = new HashMap<>();
        final List<String> printed = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            skipped.put(name(id), reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.getParentId().isPresent()) { // not the engine itself
                finished.put(name(id), result);
            }
        }

        private static String name(TestIdentifier id) {
            return id.getDisplayName().replaceFirst("^SuitesNeedingPrograms\\$", "");
        }
    }

    /**
     * Runs {@code suite} on Jupiter alone, with only {@code settings} (no system properties, which
     * in CI say require-all, and no listeners or engines found on the class path). What it prints
     * on System.err is kept in the report, not shown: its SKIPPED lines are not the build's.
     */
    private static Report run(Class<?> suite, Map<String, String> settings) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine())
                .build());
        Report report = new Report();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream buildsErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(suite))
                    .configurationParameters(settings)
                    .enableImplicitConfigurationParameters(false)
                    .build(), report);
        } finally {
            System.setErr(buildsErr);
        }
        report.printed.addAll(err.toString(StandardCharsets.UTF_8).lines().toList());
        return report;
    }
}
