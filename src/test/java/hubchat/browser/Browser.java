package hubchat.browser;

import hubchat.testing.SystemProgram;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person at the chat page: a headless Chromium of its own (Debian's {@code chromium}, driven
 * through {@code chromedriver}, see {@link SystemProgram}; nothing is ever downloaded) with a
 * fresh profile, so each has its own localStorage. Helpers read the page through its stable hooks
 * ({@code #messages > li[data-kind][data-id]}, {@code #member-list > li[data-nick]},
 * {@code #status[data-state]}), and {@link #screenshot} saves what it shows under
 * {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path PROFILES = Path.of("target", "browser-profiles");
    private static final Path LOGS = Path.of("target", "browser-logs");
    /** Longest wait for anything the page should do (a wait ends as soon as it is met). */
    public static final Duration WAIT = Duration.ofSeconds(15);

    /** The person, e.g. "ann" (also the nick the tests join with). */
    public final String name;
    /** Unique per test, for the profile folder and the driver's log. */
    private final String label;
    public final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(String name, String label, int width, int height) {
        this.name = name;
        this.label = label;
        // The suite is skipped (or failed) before this when either is missing: see ChatPageIT.
        File chromedriver = SystemProgram.CHROMEDRIVER.path().toFile();
        String chromium = SystemProgram.CHROMIUM.path().toString();
        try {
            Files.createDirectories(PROFILES);
            Files.createDirectories(LOGS);
            profile = Files.createTempDirectory(PROFILES.toAbsolutePath(), label + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // An explicit driver and binary: Selenium Manager is never asked to find (or fetch) one.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.getPath());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .withLogFile(LOGS.resolve(profile.getFileName() + "-chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--lang=en-US", "--force-color-profile=srgb",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile.toAbsolutePath());
        // An alert must not be dismissed behind the test's back: the XSS test looks for one.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    /** A browser whose page area (viewport) is {@code width} x {@code height} CSS pixels. */
    public static Browser start(String name, String label, int width, int height) {
        Browser browser = new Browser(name, label, width, height);
        browser.viewport(width, height, false);
        return browser;
    }

    /** Sets the viewport exactly (the window also has no browser UI in headless mode). */
    void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Emulates prefers-color-scheme: dark (or light). */
    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of(
                "features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /**
     * Keeps every WebSocket the page opens in {@code window.__sockets}, so that a test can dispatch
     * frames and closes on one as if they came from the server.
     */
    void keepSockets() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  const Native = window.WebSocket;
                  window.__sockets = [];
                  window.WebSocket = class extends Native {
                    constructor(...args) { super(...args); window.__sockets.push(this); }
                  };
                })();"""));
    }

    void open(String url) {
        driver.get(url);
    }

    /** Opens {@code url} (the page with ?room=...), fills in the join form as {@code nick} and waits until connected. */
    public void join(String url, String nick) {
        open(url);
        WebElement nickField = waitFor(d -> visible("join-nick"), "the join form");
        nickField.clear();
        nickField.sendKeys(nick);
        driver.findElement(By.id("join-go")).click();
        awaitConnected();
    }

    public void awaitConnected() {
        waitFor(d -> "connected".equals(statusState()) ? true : null, () -> "status connected, is " + statusState());
    }

    public String statusState() {
        return (String) js("const s = document.getElementById('status');"
                + " return s && !document.getElementById('chat').hidden ? s.dataset.state : null;");
    }

    /** Types {@code text} into the message field and presses Enter. */
    public void send(String text) {
        WebElement field = driver.findElement(By.id("text"));
        field.sendKeys(text);
        field.sendKeys(Keys.ENTER);
    }

    /**
     * The messages shown, in order: kind ("message" or "pending"), id (server id, null while
     * pending), cid, from, text (as text, never markup), mine.
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> messages() {
        return (List<Map<String, Object>>) js("""
                return [...document.querySelectorAll('#messages > li.msg')].map(li => ({
                  kind: li.dataset.kind, id: li.dataset.id ?? null, cid: li.dataset.cid ?? null,
                  from: li.querySelector('.from').textContent, text: li.querySelector('.text').textContent,
                  mine: li.classList.contains('mine') }));""");
    }

    public List<String> messageTexts() {
        return messages().stream().map(m -> (String) m.get("text")).toList();
    }

    /** Acknowledged messages only (they have a server id), as "from: text". */
    List<String> confirmedLines() {
        return messages().stream().filter(m -> m.get("id") != null).map(m -> m.get("from") + ": " + m.get("text"))
                .toList();
    }

    /** Join, leave and other lines drawn between the messages. */
    @SuppressWarnings("unchecked")
    List<String> systemLines() {
        return (List<String>) js("return [...document.querySelectorAll('#messages > li.system .system-text')]"
                + ".map(e => e.textContent);");
    }

    @SuppressWarnings("unchecked")
    List<String> members() {
        return (List<String>) js("return [...document.querySelectorAll('#member-list > li')].map(li => li.dataset.nick);");
    }

    /** Waits until the page shows a message (acknowledged, with an id) whose text is {@code text}. */
    public Map<String, Object> awaitMessage(String text) {
        return waitFor(d -> messages().stream()
                .filter(m -> m.get("id") != null && text.equals(m.get("text"))).findFirst().orElse(null),
                () -> "message '" + text + "'; shown: " + messageTexts());
    }

    WebElement visible(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
    }

    String text(String id) {
        return (String) js("return document.getElementById(arguments[0]).textContent;", id);
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** A description of the focused element: its id, or tag and accessible text. */
    String focused() {
        return (String) js("""
                const e = document.activeElement;
                if (!e || e === document.body) return 'body';
                return e.id ? '#' + e.id : e.tagName.toLowerCase() + '[' + (e.textContent || '').trim() + ']';""");
    }

    /** The title of this browser's tab whose address contains {@code urlPart} (from the DevTools target list, without switching to it). */
    @SuppressWarnings("unchecked")
    String tabTitle(String urlPart) {
        Map<String, Object> result = driver.executeCdpCommand("Target.getTargets", Map.of());
        for (Map<String, Object> target : (List<Map<String, Object>>) result.get("targetInfos")) {
            if ("page".equals(target.get("type")) && String.valueOf(target.get("url")).contains(urlPart)) {
                return (String) target.get("title");
            }
        }
        return null;
    }

    boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    /** Waits until {@code condition} gives neither null nor false; fails naming {@code what}. */
    public <T> T waitFor(Function<WebDriver, T> condition, String what) {
        return waitFor(condition, () -> what);
    }

    /** The same, with a description made when it fails (so it can show the state at that time). */
    public <T> T waitFor(Function<WebDriver, T> condition, Supplier<String> what) {
        return waitFor(condition, what, WAIT);
    }

    /** The same, waiting up to {@code wait} instead of {@link #WAIT}. */
    public <T> T waitFor(Function<WebDriver, T> condition, Supplier<String> what, Duration wait) {
        try {
            return new WebDriverWait(driver, wait, Duration.ofMillis(50)).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": timed out after " + wait + " waiting for " + what.get(), e);
        }
    }

    /** Saves the viewport as target/screenshots/{label}.png and returns the path. */
    public Path screenshot(String label) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(label + ".png");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException | RuntimeException e) {
            System.err.println("screenshot " + label + " failed: " + e);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.err.println(name + ": quit failed: " + e);
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // left under target/: cleaned with the build
        }
    }
}
