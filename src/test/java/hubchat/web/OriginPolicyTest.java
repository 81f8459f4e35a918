package hubchat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.protocol.Origin;
import hubchat.web.OriginPolicy.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which {@code Origin} headers a handshake may carry: judged against the configured origins
 * only (never the request's Host), scheme, host and port exactly; everything a browser never
 * sends refused.
 */
class OriginPolicyTest {
    /** The page served at https://chat.example.com, nothing else allowed. */
    private final OriginPolicy chat = new OriginPolicy(List.of(Origin.parse("https://chat.example.com")), false);
    /** The defaults: the README's run command, Tomcat on http://localhost:8080/. */
    private final OriginPolicy defaults = OriginPolicy.of(Settings.defaults());

    private static Refusal refusal(OriginPolicy policy, String... originHeaders) {
        return policy.refusal(List.of(originHeaders));
    }

    @Test
    void aDnsRebindingPageIsRefusedThoughItsHostAgreesWithItsOrigin() {
        // evil.example resolves to this server after the page loaded: the browser then sends
        // Host: evil.example:8080 with Origin: http://evil.example:8080. The policy sees no Host.
        assertEquals(Refusal.NOT_LISTED, refusal(defaults, "http://evil.example:8080"));
        assertEquals(Refusal.NOT_LISTED, refusal(chat, "https://evil.example"));
    }

    @Test
    void theDefaultPublicOriginsAreTheRunCommandsLocalhostAndLoopbackAddress() {
        assertNull(refusal(defaults, "http://localhost:8080"));
        assertNull(refusal(defaults, "http://127.0.0.1:8080"));
        assertEquals(Refusal.NOT_LISTED, refusal(defaults, "http://localhost:8081"));
        assertEquals(Refusal.NOT_LISTED, refusal(defaults, "http://[::1]:8080"));
    }

    @Test
    void schemeHostAndPortMatchExactlyWithDefaultPortsExplicitAndHostsInAnyCase() {
        assertNull(refusal(chat, "https://chat.example.com"));
        assertNull(refusal(chat, "https://chat.example.com:443"));
        assertNull(refusal(chat, "HTTPS://Chat.EXAMPLE.com"));
        assertEquals(Refusal.NOT_LISTED, refusal(chat, "http://chat.example.com"), "another scheme");
        assertEquals(Refusal.NOT_LISTED, refusal(chat, "http://chat.example.com:443"), "another scheme on the same port");
        assertEquals(Refusal.NOT_LISTED, refusal(chat, "https://chat.example.com:8443"), "another port");
        assertEquals(Refusal.NOT_LISTED, refusal(chat, "https://chat.example.com.evil.example"), "a longer host");
        assertEquals(Refusal.NOT_LISTED, refusal(chat, "https://evilchat.example.com"));
        assertEquals(Refusal.NOT_LISTED, refusal(chat, "https://chat.example.com."), "a trailing dot is another origin to a browser");
        assertEquals(Refusal.NOT_LISTED, refusal(defaults, "https://localhost:8080"), "https on the http page's port");
    }

    @Test
    void ipv6LiteralsMatchWhateverWayTheyAreWritten() {
        OriginPolicy v6 = new OriginPolicy(List.of(Origin.parse("http://[::1]:8080")), false);
        assertNull(refusal(v6, "http://[::1]:8080"));
        assertNull(refusal(v6, "http://[0:0:0:0:0:0:0:1]:8080"));
        assertEquals(Refusal.NOT_LISTED, refusal(v6, "http://[::2]:8080"));
        assertEquals(Refusal.NOT_LISTED, refusal(v6, "http://[::1]"));
        assertEquals(Refusal.MALFORMED, refusal(v6, "http://[::1%25lo]:8080"), "a zone is never part of an origin");
        assertEquals(Refusal.MALFORMED, refusal(v6, "http://[::1:8080"));
        assertEquals(Refusal.MALFORMED, refusal(v6, "http://[not:v6]:8080"));
    }

    @Test
    void whatIsNotAnOriginIsRefusedEvenWhereItsHostAndPortAreListed() {
        for (String bad : List.of(
                "http://eve@localhost:8080", "http://eve:pw@localhost:8080", // user info
                "http://localhost:8080/", "http://localhost:8080/chat", // a path (browsers send none, not even /)
                "http://localhost:8080?x", "http://localhost:8080#x", // query, fragment
                "ws://localhost:8080", "file://localhost:8080", "ftp://localhost:8080", "localhost:8080", // scheme
                "//localhost:8080", "http://", "http://:8080", "http://localhost:", "http://localhost:0",
                "http://localhost:65536", "http://localhost:+80", "http://localhost:80x", "http://local host:8080",
                "http://localhöst:8080", "http://localhost%2e:8080", "http://localhost:8080, http://localhost:8080",
                "", "not a uri", "http://" + "a".repeat(Origin.MAX_LENGTH) + ":8080")) {
            assertEquals(Refusal.MALFORMED, refusal(defaults, bad), bad);
        }
    }

    @Test
    void twoOriginHeadersAreRefusedWhicheverComesFirst() {
        assertEquals(Refusal.REPEATED, refusal(defaults, "http://localhost:8080", "http://evil.example"));
        assertEquals(Refusal.REPEATED, refusal(defaults, "http://evil.example", "http://localhost:8080"));
        assertEquals(Refusal.REPEATED, refusal(defaults, "http://localhost:8080", "http://localhost:8080"));
        assertEquals(Refusal.REPEATED, refusal(new OriginPolicy(List.of(), true), "http://a.example", "http://b.example"));
    }

    @Test
    void theOpaqueOriginNullIsRefusedUnlessEveryOriginIsAllowed() {
        assertEquals(Refusal.OPAQUE, refusal(defaults, "null"));
        assertEquals(Refusal.OPAQUE, refusal(new OriginPolicy(List.of(Origin.parse("http://localhost:8080")), false), "null"));
        assertNull(refusal(new OriginPolicy(List.of(), true), "null"));
    }

    @Test
    void aHandshakeWithoutAnOriginIsNotFromABrowserAndIsAllowed() {
        assertNull(chat.refusal(List.of()));
        assertNull(defaults.refusal(List.of()));
    }

    @Test
    void allowedOriginsAddToThePublicOnesAndTheWildcardAllowsAnyOrigin() {
        Settings settings = Settings.defaults()
                .with(Setting.PUBLIC_ORIGIN, "https://chat.example.com")
                .with(Setting.ALLOWED_ORIGINS, "https://app.example.com, http://localhost:3000");
        OriginPolicy policy = OriginPolicy.of(settings);
        assertNull(refusal(policy, "https://chat.example.com"));
        assertNull(refusal(policy, "https://APP.example.com"));
        assertNull(refusal(policy, "http://localhost:3000"));
        assertEquals(Refusal.NOT_LISTED, refusal(policy, "http://localhost:8080"), "the defaults are replaced");
        assertEquals(Refusal.NOT_LISTED, refusal(policy, "https://other.example.com"));

        OriginPolicy any = OriginPolicy.of(settings.with(Setting.ALLOWED_ORIGINS, "*"));
        assertNull(refusal(any, "https://any.example"));
        assertEquals(Refusal.MALFORMED, refusal(any, "https://any.example/path"), "* allows origins, not garbage");
    }

    @Test
    void whitespaceAroundTheHeaderValueIsNotPartOfIt() {
        assertNull(refusal(defaults, " http://localhost:8080\t"));
    }
}
