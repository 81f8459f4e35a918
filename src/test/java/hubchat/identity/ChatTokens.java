package hubchat.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Issues tokens for a hubchat server that has the same secret in CHAT_JWT_SECRET. Thread-safe. */
public final class ChatTokens {
    private final MACSigner signer;

    /** {@code secret}: the text of CHAT_JWT_SECRET (at least 32 characters). */
    public ChatTokens(String secret) throws JOSEException {
        signer = new MACSigner(secret);
    }

    /**
     * A token for the user {@code userId}, shown as {@code name} (null: no name), who may join
     * {@code rooms} (null: any room), valid for {@code valid}: minutes, as it is checked at
     * every connect and a client asks for a new one when it reconnects.
     */
    public String issue(String userId, String name, List<String> rooms, Duration valid) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim("name", name)
                .claim("rooms", rooms)
                .expirationTime(Date.from(Instant.now().plus(valid)))
                .build();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        token.sign(signer);
        return token.serialize();
    }
}
