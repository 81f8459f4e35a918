package hubchat.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who the client is: the TCP peer, unless it is a configured proxy; then the right-most address
 * of {@code X-Forwarded-For} that is not a trusted proxy. Spoofed and malformed headers gain nothing.
 */
class ClientAddressesTest {
    private static final ClientAddresses NONE = new ClientAddresses(List.of());
    private static final ClientAddresses PROXIES = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"));

    @Test
    void withNoTrustedProxyTheHeaderIsIgnored() {
        assertEquals("203.0.113.9", NONE.clientOf("203.0.113.9", List.of("198.51.100.1")));
        assertEquals("10.1.2.3", NONE.clientOf("10.1.2.3", List.of("198.51.100.1")), "not even from a private address");
    }

    @Test
    void aSpoofedHeaderFromAPeerThatIsNotATrustedProxyIsIgnored() {
        assertEquals("203.0.113.9", PROXIES.clientOf("203.0.113.9", List.of("198.51.100.1, 10.0.0.1")));
    }

    @Test
    void fromATrustedProxyTheClientIsTheRightMostAddressThatIsNoTrustedProxy() {
        assertEquals("198.51.100.1", PROXIES.clientOf("10.0.0.5", List.of("198.51.100.1")));
        // The client wrote "6.6.6.6" itself; its own address was appended by the first proxy.
        assertEquals("198.51.100.1", PROXIES.clientOf("10.0.0.5", List.of("6.6.6.6, 198.51.100.1, 192.0.2.7")));
        assertEquals("198.51.100.1", PROXIES.clientOf("10.0.0.5", List.of("6.6.6.6", "198.51.100.1,10.9.9.9")),
                "several headers read as one list, in order");
        assertEquals("10.0.0.5", PROXIES.clientOf("10.0.0.5", List.of()), "no header: the proxy itself");
        assertEquals("10.0.0.1", PROXIES.clientOf("10.0.0.5", List.of("10.0.0.1, 192.0.2.7")),
                "every hop a trusted proxy: the furthest");
    }

    @Test
    void addressesAreCanonicalWithPortsAndBracketsDropped() {
        assertEquals("198.51.100.1", PROXIES.clientOf("10.0.0.5", List.of("198.51.100.1:4711")));
        assertEquals("2001:db9:0:0:0:0:0:1", PROXIES.clientOf("10.0.0.5", List.of("[2001:db9::1]:443")));
        assertEquals("2001:db9:0:0:0:0:0:1", PROXIES.clientOf("2001:db8::53", List.of("2001:DB9::1")));
        assertEquals("198.51.100.1", PROXIES.clientOf("::ffff:10.0.0.5", List.of("::ffff:198.51.100.1")),
                "IPv4-mapped IPv6 is the IPv4 address");
        assertEquals("0:0:0:0:0:0:0:1", NONE.clientOf("::1", List.of()));
    }

    @Test
    void aMalformedEntryStopsTheWalkAtTheTrustedProxyThatPassedItOn() {
        for (String bad : List.of("unknown", "", "example.com", "1.2.3", "256.1.1.1", "1.2.3.4.5", "01234.1.1.1",
                "[2001:db8::1", "2001:db8::1::2", "1.2.3.4:", "1.2.3.4:port", "\u0661.2.3.4", "g::1", "1.2.3.4/8")) {
            assertEquals("10.0.0.5", PROXIES.clientOf("10.0.0.5", List.of("198.51.100.1, " + bad)), bad);
            assertEquals("192.0.2.7", PROXIES.clientOf("10.0.0.5", List.of(bad + ", 192.0.2.7")), bad);
        }
        assertEquals("10.0.0.5", PROXIES.clientOf("10.0.0.5", List.of("198.51.100.1,,")), "an empty entry");
    }

    @Test
    void aPeerThatIsNotAnIpLiteralIsTakenAsGiven() {
        assertEquals("some-socket", PROXIES.clientOf("some-socket", List.of("198.51.100.1")));
        assertEquals("", PROXIES.clientOf(null, List.of()));
    }

    @Test
    void aTrustedProxyEntryThatIsNotAnAddressOrRangeIsRefusedNamingTheSetting() {
        for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0.0/", "2001:db8::/129", "10.0.0.0/-1", "*")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ClientAddresses(List.of("192.0.2.7", bad)), bad);
            assertTrue(e.getMessage().startsWith("Invalid CHAT_TRUSTED_PROXIES: '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void rangesMatchTheirPrefixOnlyAndTheirOwnFamily() {
        ClientAddresses odd = new ClientAddresses(List.of("198.51.100.128/25", "0.0.0.0/0"));
        assertEquals("2001:db9:0:0:0:0:0:1", odd.clientOf("2001:db9::1", List.of("198.51.100.1")),
                "an IPv4 range trusts no IPv6 peer");
        ClientAddresses half = new ClientAddresses(List.of("198.51.100.128/25"));
        assertEquals("198.51.100.127", half.clientOf("198.51.100.127", List.of("203.0.113.1")));
        assertEquals("203.0.113.1", half.clientOf("198.51.100.128", List.of("203.0.113.1")));
    }
}
