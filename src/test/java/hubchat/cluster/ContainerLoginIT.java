package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.browser.Browser;
import hubchat.cluster.ServerPair.Container;
import hubchat.testing.JdkChatClient;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.ServerProcess;
import hubchat.testing.SystemProgram;
import hubchat.testing.UpgradeAnswer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code CHAT_CONTAINER_LOGIN=on} on a real Tomcat 11 and a real Payara Micro 6, configured as
 * README's "Container login" tells an operator: on Tomcat a user in conf/tomcat-users.xml (the
 * stock server.xml's {@code UserDatabaseRealm}) and the setting as an environment variable; on
 * Payara Micro a user of its file realm made by {@code create-file-user} in a post-boot command
 * file (the password in a password file) and the setting as a system property. The application
 * declares the rest itself. A handshake without a login, or with a wrong one, is answered 401
 * with a Basic challenge before the upgrade; with the login it joins, as the user; the page asks
 * for the same login (so a browser has it for the handshake), {@code /health} does not; and a
 * browser logged in on the page joins the chat. One start of each server for the whole suite.
 */
@Tag(OnTwoServers.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerLoginIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-Pw-4f9c2e71";
    private static final String ROOM = "staff";

    private static ServerPair servers;

    @BeforeAll
    static void start() throws IOException {
        Path dir = ServerPair.folder("container-login");
        Path passwordFile = Files.writeString(dir.resolve("file-user.password"), "AS_ADMIN_USERPASSWORD=" + PASSWORD + "\n");
        Path postBoot = Files.writeString(dir.resolve("post-boot-commands.txt"),
                "create-file-user --passwordfile " + passwordFile + " " + USER + "\n");
        servers = ServerPair.start(dir,
                new ServerPair.TomcatSetup(Map.of("CHAT_CONTAINER_LOGIN", "on"), Map.of("conf/tomcat-users.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
                          <user username="%s" password="%s"/>
                        </tomcat-users>
                        """.formatted(USER, PASSWORD))),
                new ServerPair.PayaraSetup(List.of("-Dchat.container.login=on"), Map.of(),
                        List.of("--postbootcommandfile", postBoot.toString())));
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aHandshakeWithoutALoginIsAnswered401WithABasicChallengeBeforeTheUpgrade(Container container) throws IOException {
        UpgradeAnswer answer = UpgradeAnswer.to(ws(container, "nick=zed"), Map.of());
        assertEquals(401, answer.status(), answer.head());
        assertNotNull(answer.header("WWW-Authenticate"), answer.head());
        assertTrue(answer.header("WWW-Authenticate").startsWith("Basic"), answer.head());
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aWrongPasswordOrAnUnknownUserIsAnswered401(Container container) throws IOException {
        for (String login : List.of(basic(USER, "not-" + PASSWORD), basic("mallory", PASSWORD), "Basic !!not-base64")) {
            UpgradeAnswer answer = UpgradeAnswer.to(ws(container, "nick=zed"), Map.of("Authorization", login));
            assertEquals(401, answer.status(), login + ": " + answer.head());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aLoggedInUserJoins(Container container) throws Exception {
        try (JdkChatClient alice = JdkChatClient.connect(ws(container, "nick=" + USER), login())) {
            Map<String, Object> welcome = alice.awaitType("welcome", WAIT);
            assertEquals(ROOM, welcome.get("room"));
            assertNotNull(alice.post("hello from " + container, "c-1", WAIT), "a message of the logged-in user is acknowledged");
        }
    }

    /** The lead's part (a member's nick is its identity's), seen through the container's login. */
    @ParameterizedTest
    @EnumSource(Container.class)
    void theWelcomeNamesTheMemberByItsUserNameNotTheNickItAskedFor(Container container) throws Exception {
        try (JdkChatClient alice = JdkChatClient.connect(ws(container, "nick=somebody-else"), login())) {
            assertEquals(USER, alice.awaitType("welcome", WAIT).get("you"));
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void thePageAsksForTheSameLoginWhileHealthStaysOpen(Container container) throws Exception {
        ServerProcess server = servers.server(container);
        for (URI page : List.of(server.base(), server.base().resolve("index.html"))) {
            HttpResponse<String> refused = get(page, Map.of());
            assertEquals(401, refused.statusCode(), page + " without a login");
            assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), page.toString());
            HttpResponse<String> shown = get(page, login());
            assertEquals(200, shown.statusCode(), page + " with the login");
            assertTrue(shown.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.toString());
            assertTrue(shown.body().contains("<title>hubchat</title>"), page + " is the chat page");
        }
        assertEquals(200, get(server.base().resolve("health"), Map.of()).statusCode(), "probes need no login");
        assertEquals(404, get(server.base().resolve("ws/" + ROOM), login()).statusCode(), "no handshake: nothing there, as without the login");
    }

    /**
     * The reason the page is behind the login: a browser sends no credentials with a WebSocket
     * handshake unless it has them for the site already, and shows no prompt for a handshake's
     * 401. Opening the page once with credentials in the address stands for a user answering
     * the browser's prompt: the browser keeps them for the page's folder; the page, opened again
     * at its plain address (no credentials in it, as after a prompt), joins the room through them.
     */
    @ParameterizedTest
    @EnumSource(Container.class)
    @RequiresPrograms({SystemProgram.CHROMIUM, SystemProgram.CHROMEDRIVER})
    void aBrowserLoggedInOnThePageJoinsWithTheSameLogin(Container container) {
        URI base = servers.server(container).base();
        String page = base + "?room=" + ROOM;
        String withLogin = base.getScheme() + "://" + USER + ":" + PASSWORD + "@" + base.getHost() + ":" + base.getPort()
                + base.getPath();
        try (Browser browser = Browser.start(USER, "login-" + container.name().toLowerCase(), 1024, 720)) {
            try {
                browser.driver.get(withLogin);
                browser.join(page, USER);
            } catch (RuntimeException | AssertionError e) {
                browser.screenshot("failed-login-" + container.name().toLowerCase());
                throw e;
            }
        }
    }

    /** Last: after every test above used the login, the password is in none of the servers' logs. */
    @ParameterizedTest
    @EnumSource(Container.class)
    @Order(Integer.MAX_VALUE)
    void thePasswordIsInNoLog(Container container) throws IOException {
        String encoded = login().get("Authorization").substring("Basic ".length());
        servers.logs(container).forEach((file, text) -> {
            assertFalse(text.contains(PASSWORD), file + " shows the password");
            assertFalse(text.contains(encoded), file + " shows the Authorization header");
        });
    }

    private static URI ws(Container container, String query) {
        return servers.server(container).ws(ROOM, query);
    }

    private static Map<String, String> login() {
        return Map.of("Authorization", basic(USER, PASSWORD));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(WAIT).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
