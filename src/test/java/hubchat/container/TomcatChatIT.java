package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built target/hubchat-tomcat.war on a real Tomcat 11 (started by Arquillian, see
 * src/test/resources/arquillian.xml), driven over HTTP and real WebSockets.
 * It is deployed as /hubchat-tomcat, so this also checks that nothing assumes the root context.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TomcatChatIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    @Deployment(testable = false)
    static WebArchive war() {
        File war = new File("target/hubchat-tomcat.war");
        assertTrue(war.isFile(), war + " is missing: run `./mvnw verify`, which builds it first");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    @ArquillianResource
    private URL base; // e.g. http://localhost:18080/hubchat-tomcat/

    @Test
    void servesThePageAndHealth() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode(), "GET / status");
        String type = page.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/html"), "GET / Content-Type: " + type);
        assertTrue(page.body().toLowerCase(Locale.ROOT).contains("<html"), "GET / is not an HTML page");

        HttpResponse<String> health = get("health");
        assertEquals(200, health.statusCode(), "GET /health status, body: " + health.body());
    }

    @Test
    void twoClientsChatAndAThirdResumes() throws Exception {
        try (JdkChatClient ann = JdkChatClient.connect(ws("lobby", "nick=ann"))) {
            Map<String, Object> annWelcome = first(ann, "welcome");
            assertEquals("ann", annWelcome.get("you"));
            assertEquals("lobby", annWelcome.get("room"));

            try (JdkChatClient bob = JdkChatClient.connect(ws("lobby", "nick=bob"))) {
                Map<String, Object> bobWelcome = first(bob, "welcome");
                assertEquals("bob", bobWelcome.get("you"));
                assertTrue(JsonFrames.list(bobWelcome, "members").contains("ann"),
                        "bob's welcome lists ann: " + bobWelcome);

                ann.await(f -> "presence".equals(JsonFrames.type(f))
                        && f.get("joined") instanceof List<?> joined && joined.contains("bob"),
                        "presence with bob joined", WAIT);

                bob.send("{\"type\":\"message\",\"text\":\"hi\",\"cid\":\"c1\"}");

                Map<String, Object> atBob = bob.awaitType("message", WAIT);
                Map<String, Object> atAnn = ann.awaitType("message", WAIT);
                for (Map<String, Object> m : List.of(atBob, atAnn)) {
                    assertEquals("hi", m.get("text"), "text of " + m);
                    assertEquals("bob", m.get("from"), "from of " + m);
                    assertEquals("lobby", m.get("room"), "room of " + m);
                    assertTrue(m.get("ts") instanceof Long, "ts of " + m);
                }
                assertEquals("c1", atBob.get("cid"), "the sender's copy carries cid");
                assertFalse(atAnn.containsKey("cid"), "only the sender's copy carries cid: " + atAnn);
                String id = (String) atBob.get("id");
                assertNotNull(id, "message id");
                assertEquals(id, atAnn.get("id"), "both copies have the same id");

                // A client that saw that message resumes after it.
                try (JdkChatClient carl = JdkChatClient.connect(
                        ws("lobby", "nick=carl&since=" + URLEncoder.encode(id, StandardCharsets.UTF_8)))) {
                    Map<String, Object> welcome = first(carl, "welcome");
                    assertEquals(Boolean.TRUE, welcome.get("resumed"), "resumed with a known since: " + welcome);
                    assertEquals("carl", welcome.get("you"));
                }
            }
        }
    }

    @Test
    void foreignOriginIsRefusedAndOwnOriginAccepted() throws Exception {
        WebSocketHandshakeException refused = assertThrows(WebSocketHandshakeException.class,
                () -> JdkChatClient.connect(ws("origins", "nick=eve"), "http://evil.example").close());
        assertEquals(403, refused.getResponse().statusCode(), "status for a foreign Origin");

        String own = "http://" + base.getHost() + ":" + base.getPort();
        try (JdkChatClient ok = JdkChatClient.connect(ws("origins", "nick=own"), own)) {
            assertEquals("own", first(ok, "welcome").get("you"));
        }
    }

    @Test
    void malformedFrameGetsBadJsonAndTheConnectionStaysOpen() throws Exception {
        try (JdkChatClient c = JdkChatClient.connect(ws("errors", "nick=dan"))) {
            first(c, "welcome");
            c.send("{not json");
            Map<String, Object> error = c.awaitType("error", WAIT);
            assertEquals("bad_json", error.get("code"), "error frame: " + error);

            c.send("{\"type\":\"message\",\"text\":\"still here\"}");
            assertEquals("still here", c.awaitType("message", WAIT).get("text"));
            assertNull(c.closeCode(), "connection still open");
        }
    }

    /** The first frame must be of {@code type}. */
    private static Map<String, Object> first(JdkChatClient client, String type) throws InterruptedException {
        Map<String, Object> frame = JsonFrames.parse(client.next(WAIT));
        assertEquals(type, JsonFrames.type(frame), "first frame: " + frame);
        return frame;
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve(path)).timeout(WAIT).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** ws://host:port/context/ws/{room}?{query}; the query must be URL-encoded already. */
    private URI ws(String room, String query) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/" + room + "?" + query);
    }
}
