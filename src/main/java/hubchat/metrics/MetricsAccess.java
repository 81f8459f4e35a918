package hubchat.metrics;

import hubchat.admission.AddressRange;
import hubchat.config.Setting;
import hubchat.config.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who may read {@code GET /metrics}: a client whose address is allowed
 * ({@code CHAT_METRICS_ALLOW}: {@code loopback}, the default, {@code any}, or addresses and CIDR
 * ranges), or anyone who sends the bearer token ({@code CHAT_METRICS_TOKEN}), if one is set.
 * The address is the client's as {@link hubchat.admission.ClientAddresses} resolves it, so
 * behind a trusted proxy it is the address the proxy names, not the proxy's.
 *
 * <p>A refusal is 401 (with a {@code Bearer} challenge) where a token would have let the client
 * in, else 403. The token is compared through its SHA-256 digest in constant time, so neither
 * its text nor its length leaks through timing.
 */
public final class MetricsAccess {
    /** The challenge of a 401. */
    public static final String CHALLENGE = "Bearer realm=\"hubchat-metrics\"";
    /** The list item for the loopback addresses, 127.0.0.0/8 and ::1. */
    static final String LOOPBACK = "loopback";
    /** The list item that lets any address read. */
    static final String ANY = "any";
    private static final String BEARER = "bearer ";
    private static final List<AddressRange> LOOPBACK_RANGES = List.of(AddressRange.parse("127.0.0.0/8"),
            AddressRange.parse("::1"));

    /** The default: loopback, no token. */
    public static final MetricsAccess LOOPBACK_ONLY = new MetricsAccess(List.of(LOOPBACK), "");

    /** What a request may do. */
    public enum Verdict {
        ALLOWED(200), UNAUTHORIZED(401), FORBIDDEN(403);

        private final int status;

        Verdict(int status) {
            this.status = status;
        }

        /** The HTTP status it is answered with. */
        public int status() {
            return status;
        }
    }

    private final boolean any;
    private final List<AddressRange> allowed;
    /** SHA-256 of the token; null if none is set. */
    private final byte[] tokenDigest;

    /**
     * {@code allow}: the items of {@code CHAT_METRICS_ALLOW}; {@code token}: the bearer token,
     * empty for none. Throws {@link IllegalArgumentException} naming the first item that is not
     * {@code loopback}, {@code any}, an address or a CIDR range.
     */
    public MetricsAccess(List<String> allow, String token) {
        boolean anyone = false;
        List<AddressRange> ranges = new ArrayList<>();
        for (String item : allow) {
            String word = item.toLowerCase(Locale.ROOT);
            if (word.equals(ANY)) {
                anyone = true;
            } else if (word.equals(LOOPBACK)) {
                ranges.addAll(LOOPBACK_RANGES);
            } else {
                try {
                    ranges.add(AddressRange.parse(item));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Invalid " + Setting.METRICS_ALLOW.env() + ": " + e.getMessage()
                            + " (nor " + LOOPBACK + " or " + ANY + ")", e);
                }
            }
        }
        this.any = anyone;
        this.allowed = List.copyOf(ranges);
        this.tokenDigest = token.isEmpty() ? null : sha256(token);
    }

    /** The access the settings give. */
    public static MetricsAccess of(Settings settings) {
        return new MetricsAccess(settings.metricsAllow(), settings.metricsToken().reveal());
    }

    /** The verdict for a request from {@code clientAddress} with this {@code Authorization} header (null: none). */
    public Verdict check(String clientAddress, String authorization) {
        if (any || isAllowed(clientAddress) || hasToken(authorization)) {
            return Verdict.ALLOWED;
        }
        return tokenDigest != null ? Verdict.UNAUTHORIZED : Verdict.FORBIDDEN;
    }

    private boolean isAllowed(String address) {
        for (AddressRange r : allowed) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasToken(String authorization) {
        if (tokenDigest == null || authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
