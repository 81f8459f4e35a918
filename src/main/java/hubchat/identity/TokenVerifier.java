package hubchat.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a signed token (a JWT) with the operator's secret, through Nimbus JOSE: the only
 * algorithm is HS256 (so {@code none}, other HMACs and public-key algorithms are refused
 * whatever the token says), the signature must verify, {@code typ} is {@code JWT} or absent, a
 * {@code crit} header is refused (nothing here understands one), keys the token names or
 * carries ({@code kid}, {@code jku}, {@code jwk}, {@code x5u}) are ignored, {@code sub} and {@code exp}
 * must be there and {@code exp} not passed (up to {@link #CLOCK_SKEW_SECONDS} of skew between the
 * issuer's clock and this one, as for an {@code nbf}); {@code name} and {@code rooms}, if present,
 * must be a string and an array of strings. {@code iss}, {@code aud} and other claims are not
 * checked: one secret is one issuer. Thread-safe.
 */
public final class TokenVerifier {
    /** Seconds by which the issuer's clock and this server's may differ: {@code exp} is allowed this late. */
    public static final int CLOCK_SKEW_SECONDS = 60;
    /** Shortest secret: HS256 needs a key of at least 256 bits (RFC 7518). */
    public static final int MIN_SECRET_BYTES = 32;
    /** The JCA name of the secret's key: HMAC with SHA-256, which HS256 is. */
    private static final String HMAC_SHA256 = "HmacSHA256";

    /** Why a token is refused: the text is for people, and never quotes the token. */
    public static final class BadTokenException extends Exception {
        BadTokenException(String message) {
            super(message, null, false, false);
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** @throws IllegalArgumentException if {@code secret} is shorter than {@link #MIN_SECRET_BYTES} in UTF-8 */
    public TokenVerifier(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        // The one key, for HS256 alone; a kid the token names is not matched (there is one secret).
        processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, new SecretKeySpec(key, HMAC_SHA256)));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp"));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The identity {@code token} proves; throws if it proves none (see the class comment). */
    public Identity verify(String token) throws BadTokenException {
        if (token == null || token.isEmpty()) {
            throw new BadTokenException("a token is required");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ExpiredJWTException e) {
            throw new BadTokenException("the token has expired");
        } catch (BadJWTException e) {
            // Nimbus names claims here (missing ones, one of the wrong type), never their values.
            throw new BadTokenException("the token's claims are not accepted: " + e.getMessage());
        } catch (BadJOSEException e) {
            // Another alg, a bad signature, another typ, a crit header, no signature or encrypted.
            throw new BadTokenException("the token is not a JWT signed with HS256 and this server's secret");
        } catch (ParseException e) {
            throw new BadTokenException("the token is not a JWT");
        } catch (JOSEException | RuntimeException e) {
            throw new BadTokenException("the token could not be checked");
        }
        return identity(claims);
    }

    private static Identity identity(JWTClaimsSet claims) throws BadTokenException {
        if (claims.getExpirationTime() == null) {
            // "exp": null passes the library's check for required claims, which asks only for the name.
            throw new BadTokenException("the token's exp must be a time (seconds since 1970)");
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank() || sub.length() > Identity.MAX_USER_ID_LENGTH) {
            throw new BadTokenException("the token's sub must be 1 to " + Identity.MAX_USER_ID_LENGTH + " characters");
        }
        try {
            String name = claims.getStringClaim("name");
            List<String> rooms = claims.getClaim("rooms") == null ? null : claims.getStringListClaim("rooms");
            if (rooms != null && rooms.contains(null)) {
                throw new ParseException("null room", 0);
            }
            return new Identity(sub, name, rooms == null ? null : new HashSet<>(rooms));
        } catch (ParseException e) {
            throw new BadTokenException("the token's name must be a string and its rooms an array of strings");
        }
    }
}
