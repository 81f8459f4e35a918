package hubchat.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
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

/**
 * Checks a signed token (a JWT) with the operator's secret, through Nimbus JOSE: the only
 * algorithm is HS256, the signature must verify, {@code sub} and {@code exp} must be there and
 * {@code exp} not passed (up to {@link #CLOCK_SKEW_SECONDS} of skew between the issuer's clock
 * and this one); {@code name} and {@code rooms}, if present, must be a string and an array of
 * strings. Thread-safe.
 */
public final class TokenVerifier {
    /** Seconds by which the issuer's clock and this server's may differ: {@code exp} is allowed this late. */
    public static final int CLOCK_SKEW_SECONDS = 60;
    /** Shortest secret: HS256 needs a key of at least 256 bits (RFC 7518). */
    public static final int MIN_SECRET_BYTES = 32;

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
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key)));
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
            throw new BadTokenException("the token's claims are not accepted: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw new BadTokenException("the token is not signed with HS256 and this server's secret");
        } catch (ParseException e) {
            throw new BadTokenException("the token is not a JWT");
        } catch (JOSEException | RuntimeException e) {
            throw new BadTokenException("the token could not be checked");
        }
        return identity(claims);
    }

    private static Identity identity(JWTClaimsSet claims) throws BadTokenException {
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
