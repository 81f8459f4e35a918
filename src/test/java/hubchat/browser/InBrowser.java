package hubchat.browser;

import hubchat.testing.BuiltWar;
import hubchat.testing.CuttableProxy;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * What every browser suite shares: the Tomcat WAR on a real Tomcat 11, deployed by Arquillian
 * (the it-tomcat failsafe execution only), its address on loopback, and each scenario's browser
 * windows (a fresh profile each, closed after it, screenshotted if it failed) and whatever else
 * it opened (proxies, clients). Each concrete suite says which programs it needs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class InBrowser {
    /**
     * Where a scenario's {@link CuttableProxy} listens: a browser behind it sends the proxy's
     * origin, which the server allows because the container (Tomcat or Payara Micro) is started
     * with it (the pom's it.browser.proxy.port, arquillian.xml).
     */
    static final int PROXY_PORT = Integer.getInteger("it.browser.proxy.port", 18081);

    @Deployment(testable = false)
    static WebArchive war() {
        return BuiltWar.load();
    }

    @ArquillianResource
    private URL deployed;

    /** http://localhost:PORT/CONTEXT/ */
    URI base;
    /** The running scenario's method name: it names the screenshots. */
    String scenario;
    private final List<Browser> browsers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** A failed scenario leaves what every browser showed: target/screenshots/failed-*.png. */
    @RegisterExtension
    final TestExecutionExceptionHandler screenshotOnFailure = (context, error) -> {
        for (Browser b : browsers) {
            b.screenshot("failed-" + scenario + "-" + b.name);
        }
        throw error;
    };

    @BeforeEach
    void startScenario(TestInfo info) throws Exception {
        base = BuiltWar.onLoopback(deployed);
        scenario = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void endScenario() {
        for (Browser browser : browsers) {
            browser.close();
        }
        browsers.clear();
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("close " + c + ": " + e);
            }
        }
        closeables.clear();
    }

    /** A browser window of {@code width} x {@code height}, closed when the scenario ends. */
    Browser browser(String name, int width, int height) {
        Browser browser = Browser.start(name, scenario + "-" + name, width, height);
        browsers.add(browser);
        return browser;
    }

    /** Closes {@code b} now (someone leaving the page), not again when the scenario ends. */
    void closeNow(Browser b) {
        b.close();
        browsers.remove(b);
    }

    /** Closes {@code c} when the scenario ends; returns it. */
    <T extends AutoCloseable> T closedAfter(T c) {
        closeables.add(c);
        return c;
    }

    /** The chat page of {@code room}. */
    String page(String room) {
        return base + "?room=" + room;
    }

    /** The chat page of {@code room} reached through {@code proxy} (page and WebSocket alike). */
    String page(String room, CuttableProxy proxy) {
        return page(room).replace(":" + base.getPort() + "/", ":" + proxy.port() + "/");
    }

    /** ws://localhost:PORT/CONTEXT/ws/{room}?{query}; the query must be URL-encoded already. */
    URI ws(String room, String query) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/" + room + "?" + query);
    }
}
