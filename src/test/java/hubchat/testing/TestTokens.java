package hubchat.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Test helper: signed tokens (JWT) as an operator's issuer makes them for {@code CHAT_JWT_SECRET},
 * written with Nimbus JOSE (the library the server checks them with), plus the bad ones a test
 * needs: expired, signed with another secret or another algorithm, or not signed at all.
 * Start with {@link #forUser}, add claims, end with {@link Builder#signedWith} or
 * {@link Builder#unsigned}. A token lives {@link #LIFETIME} unless told otherwise.
 */
public final class TestTokens {
    /** How long a token is valid by default: longer than any test, shorter than a day. */
    public static final Duration LIFETIME = Duration.ofMinutes(30);
    /** How long ago an expired token expired: far beyond the server's allowed clock skew (60 s). */
    public static final Duration LONG_EXPIRED = Duration.ofMinutes(10);

    private TestTokens() {
    }

    /** A token for the user whose stable id ({@code sub}) is {@code sub}; null for none. */
    public static Builder forUser(String sub) {
        return new Builder(sub);
    }

    /** The claims of a token, before it is signed. */
    public static final class Builder {
        private final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        private JWSAlgorithm algorithm = JWSAlgorithm.HS256;

        private Builder(String sub) {
            claims.subject(sub).expirationTime(Date.from(Instant.now().plus(LIFETIME)));
        }

        /** The display name ({@code name}). */
        public Builder name(String name) {
            claims.claim("name", name);
            return this;
        }

        /** The rooms the token may join ({@code rooms}). */
        public Builder rooms(String... rooms) {
            claims.claim("rooms", List.of(rooms));
            return this;
        }

        /** Any claim, of any JSON type, e.g. a {@code name} that is a number. */
        public Builder claim(String name, Object value) {
            claims.claim(name, value);
            return this;
        }

        /** {@code exp} at {@code when}; null for a token without {@code exp}. */
        public Builder expiresAt(Instant when) {
            claims.expirationTime(when == null ? null : Date.from(when));
            return this;
        }

        /** {@code exp} {@link #LONG_EXPIRED} ago. */
        public Builder expired() {
            return expiresAt(Instant.now().minus(LONG_EXPIRED));
        }

        /** Signed with {@code algorithm} instead of HS256 (HS384, HS512: a secret long enough for it). */
        public Builder algorithm(JWSAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** The token, signed with {@code secret} (its UTF-8 bytes, as the server reads CHAT_JWT_SECRET). */
        public String signedWith(String secret) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims.build());
            try {
                jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("cannot sign with " + algorithm + ": " + e.getMessage(), e);
            }
            return jwt.serialize();
        }

        /** The token with {@code alg: none} and no signature, which no server may accept. */
        public String unsigned() {
            return new PlainJWT(claims.build()).serialize();
        }
    }
}
