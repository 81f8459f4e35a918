package hubchat.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.testing.LoudSkip;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;

/**
 * The chat page under axe-core, the accessibility engine, in headless Chromium against the Tomcat
 * WAR: the join screen, and the chat with what it shows (links, a mention, join lines, the "new
 * messages" divider, recent rooms, a notice), light and dark, wide and at 360x640 with each panel
 * open. No violation of impact "serious" or "critical" may be found. axe-core is a test tool only,
 * from npm ({@code src/test/js/package.json}, installed with {@code npm ci --prefix src/test/js} into its {@code node_modules/}), injected
 * into the page from here; without it the suite is skipped loudly (failed under
 * {@code -Dhubchat.require-all}).
 */
@RequiresPrograms({SystemProgram.CHROMIUM, SystemProgram.CHROMEDRIVER})
class AccessibilityIT extends InBrowser {
    /** axe-core's browser build, as npm ci installs it. */
    private static final Path AXE = Path.of("src", "test", "js", "node_modules", "axe-core", "axe.min.js");
    /** Impacts that fail the test; "moderate" and "minor" ones are printed only. */
    private static final List<String> FAILING = List.of("serious", "critical");

    private String axe;

    @BeforeEach
    void loadAxe() throws Exception {
        LoudSkip.unless(Files.isRegularFile(AXE), getClass().getName(),
                "needs axe-core in " + AXE + " (npm ci --prefix src/test/js, with Debian's npm: apt-get install npm)");
        axe = Files.readString(AXE);
    }

    @Test
    void theJoinScreenAndTheChatHaveNoSeriousViolationsLightOrDark() {
        Browser ann = browser("ann", 1024, 720);
        Browser bob = browser("bob", 1024, 720);
        bob.colorScheme("dark");
        ann.open(base + "?room=a11y");
        ann.waitFor(d -> ann.visible("join-nick"), "join form");
        assertNoSeriousViolations(ann, "join screen");

        ann.join(base + "?room=a11y", "ann");
        bob.join(base + "?room=a11y", "bob");
        bob.send("Hi @ann, the notes are at https://example.com/notes");
        ann.awaitMessage("Hi @ann, the notes are at https://example.com/notes");
        String chatTab = ann.driver.getWindowHandle();
        ann.driver.switchTo().newWindow(WindowType.TAB);
        ann.driver.get("about:blank");
        bob.send("sent while ann was away");
        bob.awaitMessage("sent while ann was away");
        ann.driver.close();
        ann.driver.switchTo().window(chatTab);
        ann.awaitMessage("sent while ann was away");
        ann.driver.findElement(By.id("text")).sendKeys("x".repeat(40));
        ann.js("document.getElementById('text').value += 'y'.repeat(1965);"
                + " document.getElementById('text').dispatchEvent(new Event('input'));");
        ann.driver.findElement(By.id("text")).sendKeys(Keys.ENTER); // over the limit: a refusal notice and the counter
        ann.waitFor(d -> ann.visible("notice"), "the notice");
        assertNoSeriousViolations(ann, "chat, light");
        ann.screenshot("17-a11y-ann-light");
        assertNoSeriousViolations(bob, "chat, dark");
    }

    @Test
    void atPhoneSizeWithEachPanelOpenThereAreNoSeriousViolations() {
        Browser ann = browser("ann", 360, 640);
        ann.viewport(360, 640, true);
        ann.join(base + "?room=a11y-phone", "ann");
        ann.send("Hello from a small screen");
        ann.awaitMessage("Hello from a small screen");
        assertNoSeriousViolations(ann, "phone chat");
        ann.driver.findElement(By.id("settings-toggle")).click();
        ann.waitFor(d -> ann.visible("nick-input"), "room and nick panel");
        assertNoSeriousViolations(ann, "phone, room and nick panel");
        ann.driver.findElement(By.id("settings-toggle")).click();
        ann.driver.findElement(By.id("members-toggle")).click();
        ann.waitFor(d -> ann.visible("members"), "member panel");
        assertNoSeriousViolations(ann, "phone, member panel");
    }

    /** Runs axe on the page as it is; prints every violation, fails on serious and critical ones. */
    private void assertNoSeriousViolations(Browser b, String where) {
        b.js(axe);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) b.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary) }))), e => done([{ id: 'axe failed', impact: 'critical', help: String(e), nodes: [] }]));""");
        for (Map<String, Object> v : violations) {
            System.out.println(scenario + " " + b.name + " " + where + ": " + v);
        }
        List<Object> failing = violations.stream().filter(v -> FAILING.contains(v.get("impact"))).map(v -> (Object) v).toList();
        assertEquals(List.of(), failing, b.name + ", " + where + ": serious or critical accessibility violations");
    }
}
