package hubchat.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy sameOriginOnly = new OriginPolicy(List.of());

    @Test
    void clientsWithoutAnOriginAreAccepted() {
        assertTrue(sameOriginOnly.allows(null, "chat.example.com"));
    }

    @Test
    void thePagesOwnOriginIsAccepted() {
        assertTrue(sameOriginOnly.allows("http://localhost:8080", "localhost:8080"));
        assertTrue(sameOriginOnly.allows("https://Chat.Example.com", "chat.example.com"));
        assertTrue(sameOriginOnly.allows("http://chat.example.com:80", "chat.example.com"));
        assertTrue(sameOriginOnly.allows("http://[::1]:8080", "[::1]:8080"));
    }

    @Test
    void otherOriginsAreRefused() {
        assertFalse(sameOriginOnly.allows("http://evil.example", "localhost:8080"));
        assertFalse(sameOriginOnly.allows("http://localhost:9999", "localhost:8080"));
        assertFalse(sameOriginOnly.allows("http://localhost.evil.example:8080", "localhost:8080"));
        assertFalse(sameOriginOnly.allows("null", "localhost:8080"));
        assertFalse(sameOriginOnly.allows("not a uri", "localhost:8080"));
        assertFalse(sameOriginOnly.allows("http://localhost:8080", null));
    }

    @Test
    void listedOriginsAndTheWildcardAreAccepted() {
        OriginPolicy listed = new OriginPolicy(List.of("https://app.example.com"));
        assertTrue(listed.allows("https://APP.example.com", "chat.internal:8080"));
        assertFalse(listed.allows("https://other.example.com", "chat.internal:8080"));
        assertTrue(new OriginPolicy(List.of("*")).allows("https://any.example", "x"));
    }
}
