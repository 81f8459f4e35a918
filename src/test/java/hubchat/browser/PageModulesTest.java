package hubchat.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chat page's pure modules (js/limits.js, js/links.js, js/mentions.js, js/timeline.js...)
 * under Node's built-in test runner: {@code node --test src/test/js}, without a browser. Node's
 * report is printed; the test passes when every test there passes. Skipped loudly without Debian's
 * {@code nodejs} (failed instead with {@code -Dhubchat.require-all}, as in CI).
 */
@RequiresPrograms(SystemProgram.NODE)
class PageModulesTest {
    /** Where the module tests live (files named *.test.mjs). */
    private static final Path TESTS = Path.of("src", "test", "js");
    /** Longest the whole run may take; it takes about a second. */
    private static final long TIMEOUT_SECONDS = 120;
    /** Node's closing summary line: "# pass N". */
    private static final Pattern PASSED = Pattern.compile("(?m)^# pass (\\d+)$");
    private static final Pattern FAILED = Pattern.compile("(?m)^# fail (\\d+)$");

    @Test
    void everyModuleTestPassesUnderNodesTestRunner() throws Exception {
        Process node = new ProcessBuilder(SystemProgram.NODE.path().toString(), "--test", "--test-reporter=tap",
                TESTS.toString()).redirectErrorStream(true).start();
        node.getOutputStream().close();
        String report = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "node --test finished");
        System.out.println(report);
        Matcher failed = FAILED.matcher(report);
        assertTrue(failed.find(), "node printed its summary:\n" + report);
        assertEquals("0", failed.group(1), "failed module tests:\n" + report);
        assertEquals(0, node.exitValue(), "node --test exit status:\n" + report);
        Matcher passed = PASSED.matcher(report);
        assertTrue(passed.find() && Integer.parseInt(passed.group(1)) > 0, "some module tests ran:\n" + report);
    }
}
