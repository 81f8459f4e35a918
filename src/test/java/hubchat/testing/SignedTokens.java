package hubchat.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test helper: tokens for a server with {@code CHAT_JWT_SECRET}, good ones as an issuer makes
 * them (Nimbus JOSE) and bad ones made by hand: any header and payload text, signed with any
 * HMAC and key, so a test can send what no library would write (duplicate claims, claims of the
 * wrong type, a short key, {@code alg} saying one thing and the signature being another).
 */
public final class SignedTokens {
    /** The secret the tests' servers are given: 40 bytes of ASCII, over the 32 the server asks for. */
    public static final String SECRET = "a secret for the test servers, 40 bytes.";
    /** A header as issuers write it. */
    public static final String HS256_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private SignedTokens() {
    }

    /**
     * A token as an issuer makes it with Nimbus JOSE: HS256 with {@code secret}, {@code sub},
     * {@code name} and {@code rooms} (each left out when null), expiring after {@code valid}.
     */
    public static String issue(String secret, String sub, String name, List<String> rooms, Duration valid) {
        TestTokens.Builder token = TestTokens.forUser(sub).expiresAt(Instant.now().plus(valid));
        if (name != null) {
            token.name(name);
        }
        if (rooms != null) {
            token.claim("rooms", rooms);
        }
        return token.signedWith(secret);
    }

    /** {@link #issue} with {@link #SECRET}, valid for five minutes. */
    public static String issue(String sub, String name, List<String> rooms) {
        return issue(SECRET, sub, name, rooms, Duration.ofMinutes(5));
    }

    /** {@code header} and {@code payload}, as given, signed with HMAC-SHA256 and {@code secret}'s UTF-8 bytes. */
    public static String hs256(String secret, String header, String payload) {
        return hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), header, payload);
    }

    /** {@code header} and {@code payload}, as given, signed with {@code macAlgorithm} (a JCA name) and {@code key}. */
    public static String hmac(String macAlgorithm, byte[] key, String header, String payload) {
        String signingInput = base64url(header) + "." + base64url(payload);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code text}'s UTF-8 bytes in base64url without padding, as a JWT's parts are written. */
    public static String base64url(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Seconds since the epoch {@code offset} from now: a value for {@code exp} or {@code nbf}. */
    public static long epochSecondsIn(Duration offset) {
        return Instant.now().plus(offset).getEpochSecond();
    }
}
