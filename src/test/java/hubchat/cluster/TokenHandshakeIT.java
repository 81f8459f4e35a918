package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.browser.Browser;
import hubchat.cluster.ServerPair.Container;
import hubchat.testing.JdkChatClient;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import hubchat.testing.ServerProcess;
import hubchat.testing.TestTokens;
import hubchat.testing.UpgradeAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signed tokens ({@code CHAT_JWT_SECRET}) on a real Tomcat 11 and a real Payara Micro 6, the
 * secret given to both as an environment variable (it would show in a process listing as a
 * system property): a handshake without a token, with an expired one or one signed with another
 * secret is answered 401 with a Bearer challenge before the upgrade, one for a room its token
 * does not list 403, and a good token joins under the token's name. No token, good or bad, is
 * in any of the servers' logs afterwards: Tomcat's access log as the shipped configurations write
 * it (the path, no query) and Payara Micro's, turned on here with a format that has no query
 * ({@link #PAYARA_ACCESS_LOG_FORMAT}, as README's "Logs" gives it), both showing the handshakes.
 * With container login off, the page needs no login. One start of each server for the suite.
 */
@Tag(OnTwoServers.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenHandshakeIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();
    /** 39 bytes: HS256 needs at least 32. */
    private static final String SECRET = "hubchat-it-secret-6d1f0b9e-2c4a-4b71-a";
    private static final String OTHER_SECRET = "another-issuers-secret-97c3e5d1-8a2f-4";
    private static final String ROOM = "ops";
    /** Longest an access log may take to show a request: Tomcat's writes its buffer in its background work, every 10 s. */
    private static final Duration ACCESS_LOG_WAIT = Duration.ofSeconds(30);
    /** Payara Micro's access log format of README's "Logs": its default's fields, the request's path instead of its line. */
    static final String PAYARA_ACCESS_LOG_FORMAT =
            "%client.name% %auth-user-name% %datetime% %http-method% %http-uri% %http-version% %status% %response.length%";

    private static ServerPair servers;
    /** Every token a test sent: none may be in a log. */
    private static final Set<String> SENT = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        Path dir = ServerPair.folder("tokens");
        Path accessLog = ServerPair.payaraAccessLog(dir);
        servers = ServerPair.start(dir,
                new ServerPair.TomcatSetup(Map.of("CHAT_JWT_SECRET", SECRET), Map.of()),
                new ServerPair.PayaraSetup(List.of(), Map.of("CHAT_JWT_SECRET", SECRET),
                        List.of("--accesslog", accessLog.toString(), "--accesslogformat", PAYARA_ACCESS_LOG_FORMAT,
                                "--accessloginterval", "0")));
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aHandshakeWithoutATokenIsAnswered401WithABearerChallenge(Container container) throws IOException {
        UpgradeAnswer answer = UpgradeAnswer.to(ws(container, "nick=zed"), Map.of());
        assertEquals(401, answer.status(), answer.head());
        assertNotNull(answer.header("WWW-Authenticate"), answer.head());
        assertTrue(answer.header("WWW-Authenticate").startsWith("Bearer"), answer.head());
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void anExpiredTokenIsAnswered401(Container container) throws IOException {
        assertRefused(container, ROOM, TestTokens.forUser("u-1").name("ann").expired().signedWith(SECRET), 401);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aTokenSignedWithAnotherSecretIsAnswered401(Container container) throws IOException {
        assertRefused(container, ROOM, TestTokens.forUser("u-1").name("ann").signedWith(OTHER_SECRET), 401);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aTokenForOtherRoomsIsAnswered403(Container container) throws IOException {
        assertRefused(container, ROOM, TestTokens.forUser("u-1").name("ann").rooms("lobby", "dev").signedWith(SECRET), 403);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aGoodTokenJoins(Container container) throws Exception {
        String token = sent(TestTokens.forUser("u-2").name("bea").rooms(ROOM).signedWith(SECRET));
        try (JdkChatClient bea = JdkChatClient.connect(ws(container, "nick=bea&token=" + token))) {
            Map<String, Object> welcome = bea.awaitType("welcome", WAIT);
            assertEquals(ROOM, welcome.get("room"));
            assertNotNull(bea.post("hello from " + container, "c-1", WAIT), "a message of the token's user is acknowledged");
        }
    }

    /** The lead's part (a member's nick is its identity's), seen through a token. */
    @ParameterizedTest
    @EnumSource(Container.class)
    void theWelcomeNamesTheMemberByTheTokensNameNotTheNickItAskedFor(Container container) throws Exception {
        String token = sent(TestTokens.forUser("u-3").name("cyd").signedWith(SECRET));
        try (JdkChatClient cyd = JdkChatClient.connect(ws(container, "nick=somebody-else&token=" + token))) {
            assertEquals("cyd", cyd.awaitType("welcome", WAIT).get("you"));
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void thePageNeedsNoLoginWhenContainerLoginIsOff(Container container) throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(servers.server(container).base()).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "web.xml's login-config asks for nothing by itself");
        assertTrue(page.body().contains("<title>hubchat</title>"));
    }

    /**
     * The chat page handed a token in its fragment ({@code #token=}, which no server or log ever
     * sees) joins with it under the token's name, takes it out of the address bar, and keeps it
     * for a reload in this tab.
     */
    @ParameterizedTest
    @EnumSource(Container.class)
    @RequiresPrograms({SystemProgram.CHROMIUM, SystemProgram.CHROMEDRIVER})
    void thePageHandedATokenInItsFragmentJoinsUnderTheTokensName(Container container) {
        String token = sent(TestTokens.forUser("u-page").name("Pia").signedWith(SECRET));
        String label = "token-page-" + container.name().toLowerCase();
        try (Browser browser = Browser.start("pia", label, 1024, 720)) {
            try {
                browser.driver.get(servers.server(container).base() + "?room=" + ROOM + "#token=" + token);
                browser.awaitConnected();
                assertFalse(browser.driver.getCurrentUrl().contains(token), browser.driver.getCurrentUrl());
                browser.send("hello from the page");
                assertEquals("Pia", browser.awaitMessage("hello from the page").get("from"));
                browser.driver.navigate().refresh();
                browser.awaitConnected();
                assertEquals("Pia", browser.js("return document.getElementById('nick-input').value;"));
            } catch (RuntimeException | AssertionError e) {
                browser.screenshot("failed-" + label);
                throw e;
            }
        }
    }

    /**
     * A refused token: the browser's WebSocket shows only a failed connection, so the page asks
     * the handshake's address over HTTP why, says the sign-in has expired, and stops retrying.
     */
    @ParameterizedTest
    @EnumSource(Container.class)
    @RequiresPrograms({SystemProgram.CHROMIUM, SystemProgram.CHROMEDRIVER})
    void thePageWithAnExpiredTokenSaysSoAndStopsRetrying(Container container) {
        String token = sent(TestTokens.forUser("u-late").name("Lee").expired().signedWith(SECRET));
        String label = "token-expired-" + container.name().toLowerCase();
        try (Browser browser = Browser.start("lee", label, 1024, 720)) {
            try {
                browser.driver.get(servers.server(container).base() + "?room=" + ROOM + "#token=" + token);
                browser.waitFor(d -> "disconnected".equals(browser.statusState()) ? true : null,
                        () -> "status disconnected, is " + browser.statusState());
                String notice = (String) browser.js("return document.getElementById('notice-text').textContent;");
                assertTrue(notice.contains("sign in"), notice);
            } catch (RuntimeException | AssertionError e) {
                browser.screenshot("failed-" + label);
                throw e;
            }
        }
    }

    /**
     * Last: after every test above sent its tokens, none is in the server's logs, once the access
     * log shows the handshakes (so it was on; Tomcat's writes its buffer every 10 s or so).
     */
    @ParameterizedTest
    @EnumSource(Container.class)
    @Order(Integer.MAX_VALUE)
    void noTokenIsInAnyLogOfTheServer(Container container) throws Exception {
        assertFalse(SENT.isEmpty(), "the tests before sent tokens");
        String handshakes = "/" + ServerPair.CONTEXT + "/ws/" + ROOM;
        long deadline = System.nanoTime() + ACCESS_LOG_WAIT.toNanos();
        while (!logs(container).contains(handshakes) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(logs(container).contains(handshakes), "the access log shows the handshakes: " + servers.logFiles(container));
        servers.logs(container).forEach((file, text) -> {
            for (String token : SENT) {
                assertFalse(text.contains(token), file + " shows a token");
                assertFalse(text.contains(token.substring(token.lastIndexOf('.') + 1)), file + " shows a token's signature");
            }
            assertFalse(text.contains(SECRET), file + " shows the secret");
        });
    }

    /** Everything the server logged so far, in one string. */
    private static String logs(Container container) {
        return String.join("", servers.logs(container).values());
    }

    private static void assertRefused(Container container, String room, String token, int status) throws IOException {
        UpgradeAnswer answer = UpgradeAnswer.to(servers.server(container).ws(room, "nick=zed&token=" + sent(token)), Map.of());
        assertEquals(status, answer.status(), answer.head());
    }

    private static String sent(String token) {
        SENT.add(token);
        return token;
    }

    private static URI ws(Container container, String query) {
        ServerProcess server = servers.server(container);
        return server.ws(ROOM, query);
    }
}
