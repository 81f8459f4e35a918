package hubchat.container;

import hubchat.testing.BuiltWar;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every container suite shares: the WAR the build made, deployed by Arquillian on the
 * container of this failsafe execution (Tomcat 11 or Payara Micro 6, see the pom and
 * src/test/resources/arquillian.xml), and its addresses on loopback. The suites run as clients,
 * through HTTP and real WebSockets.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class OnContainer {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    @Deployment(testable = false)
    static WebArchive war() {
        return BuiltWar.load();
    }

    /** Where the container says the app is, e.g. http://192.0.2.2:18180/hubchat/ on Payara. */
    @ArquillianResource
    private URL deployed;

    /** The same on localhost, ending in '/': the tests talk to the container on loopback only. */
    URI base;

    @BeforeEach
    void onLoopback() throws Exception {
        base = BuiltWar.onLoopback(deployed);
    }

    /** True in the Payara execution. */
    static boolean onPayara() {
        return "payara".equals(System.getProperty("arquillian.launch"));
    }

    /** GET {@code path}, relative to the app. */
    HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** ws://localhost:port/context/ws/{room}?{query}; the query must be URL-encoded already. */
    URI ws(String room, String query) {
        return ws(base, room, query);
    }

    /** The same for the app at {@code at}, an http:// address (e.g. through a proxy). */
    static URI ws(URI at, String room, String query) {
        return URI.create(at.toString().replaceFirst("^http", "ws") + "ws/" + room + "?" + query);
    }
}
