package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Origins parsed into one form, so equal origins are equal records; what is not an origin refused with a reason. */
class OriginTest {

    @Test
    void defaultPortsAreMadeExplicitAndSchemeAndHostLowerCased() {
        assertEquals(new Origin("http", "localhost", 80), Origin.parse("http://localhost"));
        assertEquals(new Origin("https", "chat.example.com", 443), Origin.parse("HTTPS://Chat.Example.COM"));
        assertEquals(Origin.parse("https://chat.example.com"), Origin.parse("https://chat.example.com:443"));
        assertEquals(new Origin("http", "127.0.0.1", 8080), Origin.parse("http://127.0.0.1:8080"));
        assertEquals(new Origin("http", "[0:0:0:0:0:0:0:1]", 8080), Origin.parse("http://[::1]:8080"));
    }

    @Test
    void printedAsBrowsersWriteIt() {
        assertEquals("https://chat.example.com", Origin.parse("https://chat.example.com:443").toString());
        assertEquals("http://localhost:8080", Origin.parse("http://LOCALHOST:8080").toString());
    }

    @Test
    void refusalsSayWhatIsWrongWithoutRepeatingTheText() {
        assertEquals("user info (before an @) is not part of an origin", reason("http://eve@chat.example"));
        assertEquals("a path, query or fragment is not part of an origin", reason("http://chat.example/"));
        assertEquals("the scheme is not http or https", reason("javascript://chat.example"));
        assertEquals("not scheme://host[:port]", reason("chat.example"));
        assertEquals("no host", reason("http://:80"));
        assertEquals("the port is not a number from 1 to 65535", reason("http://chat.example:99999"));
        assertEquals("not an IPv6 literal between the brackets", reason("http://[::g]"));
    }

    private static String reason(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Origin.parse(text)).getMessage();
    }
}
