package hubchat.metrics;

import static hubchat.metrics.MetricsAccess.Verdict.ALLOWED;
import static hubchat.metrics.MetricsAccess.Verdict.FORBIDDEN;
import static hubchat.metrics.MetricsAccess.Verdict.UNAUTHORIZED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may read /metrics: loopback by default, listed ranges, any, or the bearer token; 401 versus 403. */
class MetricsAccessTest {
    private static final String TOKEN = "a-metrics-token-of-at-least-32-characters";

    @Test
    void byDefaultOnlyLoopbackMayReadAndOthersAreForbidden() {
        MetricsAccess access = MetricsAccess.of(Settings.defaults());
        assertEquals(ALLOWED, access.check("127.0.0.1", null));
        assertEquals(ALLOWED, access.check("127.8.9.10", null));
        assertEquals(ALLOWED, access.check("0:0:0:0:0:0:0:1", null));
        assertEquals(FORBIDDEN, access.check("192.0.2.7", null));
        assertEquals(FORBIDDEN, access.check("::2", null));
        assertEquals(FORBIDDEN, access.check("", null), "an unknown address is not loopback");
        assertEquals(FORBIDDEN, access.check("192.0.2.7", "Bearer " + TOKEN), "no token is configured");
    }

    @Test
    void listedAddressesAndRangesMayReadAndLoopbackOnlyIfListed() {
        MetricsAccess access = new MetricsAccess(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"), "");
        assertEquals(ALLOWED, access.check("10.1.2.3", null));
        assertEquals(ALLOWED, access.check("192.0.2.7", null));
        assertEquals(ALLOWED, access.check("2001:db8::1", null));
        assertEquals(FORBIDDEN, access.check("192.0.2.8", null));
        assertEquals(FORBIDDEN, access.check("127.0.0.1", null), "loopback is not in this list");
        assertEquals(ALLOWED, new MetricsAccess(List.of("LOOPBACK", "10.0.0.0/8"), "").check("127.0.0.1", null));
    }

    @Test
    void anyLetsEveryAddressRead() {
        MetricsAccess access = MetricsAccess.of(Settings.defaults().with(Setting.METRICS_ALLOW, "any"));
        assertEquals(ALLOWED, access.check("203.0.113.9", null));
        assertEquals(ALLOWED, access.check("", null));
    }

    @Test
    void theRightTokenReadsFromAnyAddressAndAWrongOrMissingOneIsUnauthorized() {
        MetricsAccess access = MetricsAccess.of(Settings.defaults().with(Setting.METRICS_TOKEN, TOKEN));
        assertEquals(ALLOWED, access.check("203.0.113.9", "Bearer " + TOKEN));
        assertEquals(ALLOWED, access.check("203.0.113.9", "bearer " + TOKEN), "the scheme is case-insensitive");
        assertEquals(UNAUTHORIZED, access.check("203.0.113.9", "Bearer " + TOKEN + "x"));
        assertEquals(UNAUTHORIZED, access.check("203.0.113.9", "Bearer " + TOKEN.substring(1)));
        assertEquals(UNAUTHORIZED, access.check("203.0.113.9", TOKEN), "no scheme");
        assertEquals(UNAUTHORIZED, access.check("203.0.113.9", "Basic " + TOKEN));
        assertEquals(UNAUTHORIZED, access.check("203.0.113.9", "Bearer "));
        assertEquals(UNAUTHORIZED, access.check("203.0.113.9", null));
        assertEquals(ALLOWED, access.check("127.0.0.1", null), "loopback still reads without it");
        assertEquals(ALLOWED, access.check("127.0.0.1", "Bearer wrong"), "an allowed address needs no token");
        assertEquals(401, UNAUTHORIZED.status());
        assertEquals(403, FORBIDDEN.status());
    }

    @Test
    void aListItemThatIsNoAddressRangeOrWordIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsAccess.of(Settings.defaults().with(Setting.METRICS_ALLOW, "loopback, localhost")));
        assertTrue(e.getMessage().contains("CHAT_METRICS_ALLOW") && e.getMessage().contains("localhost"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MetricsAccess(List.of("10.0.0.0/33"), ""));
    }

    @Test
    void aTokenShorterThan32CharactersIsRefusedAtStartUp() {
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().with(Setting.METRICS_TOKEN, "short"));
    }
}
