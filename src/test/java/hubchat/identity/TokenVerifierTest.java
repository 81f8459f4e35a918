package hubchat.identity;

import static hubchat.testing.SignedTokens.HS256_HEADER;
import static hubchat.testing.SignedTokens.SECRET;
import static hubchat.testing.SignedTokens.base64url;
import static hubchat.testing.SignedTokens.epochSecondsIn;
import static hubchat.testing.SignedTokens.hmac;
import static hubchat.testing.SignedTokens.hs256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import hubchat.testing.SignedTokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a signed token must be to prove a user: HS256 with the server's secret, a JWT, with
 * {@code sub} and an {@code exp} not passed (60 s of skew allowed), {@code name} a string and
 * {@code rooms} an array of strings. Every other token is refused with a reason that never
 * quotes it.
 */
class TokenVerifierTest {
    private final TokenVerifier verifier = new TokenVerifier(SECRET);

    /** A payload with {@code sub} "ann" and an {@code exp} five minutes ahead, plus {@code more} (",..." or ""). */
    private static String annPlus(String more) {
        return "{\"sub\":\"ann\",\"exp\":" + epochSecondsIn(Duration.ofMinutes(5)) + more + "}";
    }

    /** Refused: returns the reason, after checking it quotes none of the token, none of its parts and not the secret. */
    private String refusal(String token) {
        String reason = assertThrows(TokenVerifier.BadTokenException.class, () -> verifier.verify(token),
                "refused: " + token).getMessage();
        assertFalse(reason.contains(SECRET), reason);
        if (token != null) {
            for (String part : token.split("\\.")) {
                assertFalse(part.length() >= 4 && reason.contains(part), "the reason quotes the token: " + reason);
            }
        }
        return reason;
    }

    @Test
    void aTokenSignedWithTheSecretProvesItsUserNameAndRooms() throws Exception {
        Identity ann = verifier.verify(SignedTokens.issue("user-17", "Ann", List.of("lobby", "dev")));
        assertEquals(new Identity("user-17", "Ann", Set.of("lobby", "dev")), ann);
        assertTrue(ann.mayEnter("dev"));
        assertFalse(ann.mayEnter("ops"));
    }

    @Test
    void aTokenWithoutNameOrRoomsProvesAUserWhoMayEnterAnyRoom() throws Exception {
        Identity bare = verifier.verify(SignedTokens.issue("user-18", null, null));
        assertEquals(new Identity("user-18", null, null), bare);
        assertTrue(bare.mayEnter("any-room"));
        assertEquals(bare, verifier.verify(hs256(SECRET, HS256_HEADER,
                "{\"sub\":\"user-18\",\"exp\":" + epochSecondsIn(Duration.ofMinutes(5)) + ",\"name\":null}")),
                "a null name is no name");
    }

    @Test
    void aMissingOrEmptyTokenIsRefusedAsRequired() {
        assertEquals("a token is required", refusal(null));
        assertEquals("a token is required", refusal(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", " ", "a.b", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ", "a.b.c", "....", "a.b.c.d",
            "%%%.%%%.%%%", "eyJhbGciOiJIUzI1NiJ9..", ".eyJzdWIiOiJhbm4ifQ.", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.e30"})
    void somethingThatIsNotAJwtIsRefused(String token) {
        assertTrue(refusal(token).startsWith("the token is not a JWT"), token);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String other = hs256("another secret of at least 32 bytes!", HS256_HEADER, annPlus(""));
        assertEquals("the token is not a JWT signed with HS256 and this server's secret", refusal(other));
    }

    @Test
    void aTokenWhoseSignatureWasChangedIsRefused() {
        String good = hs256(SECRET, HS256_HEADER, annPlus(""));
        char last = good.charAt(good.length() - 2);
        String flipped = good.substring(0, good.length() - 2) + (last == 'A' ? 'B' : 'A') + good.charAt(good.length() - 1);
        refusal(flipped);
        String otherPayload = good.substring(0, good.indexOf('.') + 1) + base64url(annPlus(",\"name\":\"root\""))
                + good.substring(good.lastIndexOf('.'));
        refusal(otherPayload);
    }

    /**
     * An issuer whose secret is one byte short (31, which the server would refuse as its own):
     * its tokens do not verify, whatever the first 31 bytes. (HMAC pads a short key with zeros,
     * so only a secret ending in a zero byte could match its shorter self; an environment
     * variable cannot hold one.)
     */
    @Test
    void aTokenSignedWithThe31ByteStartOfTheSecretIsRefused() {
        byte[] shortKey = Arrays.copyOf(SECRET.getBytes(StandardCharsets.UTF_8), 31);
        refusal(hmac("HmacSHA256", shortKey, HS256_HEADER, annPlus("")));
    }

    @Test
    void anUnsecuredTokenWithAlgNoneIsRefused() {
        String unsecured = base64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64url(annPlus("")) + ".";
        refusal(unsecured);
        String noneButSigned = hmac("HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8),
                "{\"alg\":\"none\",\"typ\":\"JWT\"}", annPlus(""));
        refusal(noneButSigned);
        for (String alg : List.of("None", "NONE", "nOnE")) {
            refusal(base64url("{\"alg\":\"" + alg + "\"}") + "." + base64url(annPlus("")) + ".");
        }
    }

    /** Other HMACs with the very secret of the server: only HS256 is accepted. */
    @Test
    void hs384AndHs512WithTheServersSecretAreRefused() {
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        refusal(hmac("HmacSHA384", key, "{\"alg\":\"HS384\",\"typ\":\"JWT\"}", annPlus("")));
        refusal(hmac("HmacSHA512", key, "{\"alg\":\"HS512\",\"typ\":\"JWT\"}", annPlus("")));
        refusal(hmac("HmacSHA512", key, HS256_HEADER, annPlus("")));
    }

    /** RS256, the key in the token's own jwk header as an attacker would send it: no key but the secret counts. */
    @Test
    void anRs256TokenIsRefusedEvenWithItsKeyInItsHeader() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("ann")
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build();
        SignedJWT plain = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        plain.sign(new RSASSASigner(pair.getPrivate()));
        refusal(plain.serialize());
        SignedJWT withKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .jwk(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build()).build(), claims);
        withKey.sign(new RSASSASigner(pair.getPrivate()));
        refusal(withKey.serialize());
    }

    @Test
    void anExpiredTokenIsRefusedJustPastTheSkewAndAcceptedWithinIt() throws Exception {
        String justPast = hs256(SECRET, HS256_HEADER,
                "{\"sub\":\"ann\",\"exp\":" + epochSecondsIn(Duration.ofSeconds(-(TokenVerifier.CLOCK_SKEW_SECONDS + 1))) + "}");
        assertEquals("the token has expired", refusal(justPast));
        String longAgo = hs256(SECRET, HS256_HEADER, "{\"sub\":\"ann\",\"exp\":" + epochSecondsIn(Duration.ofDays(-1)) + "}");
        assertEquals("the token has expired", refusal(longAgo));
        // 5 s inside the skew, so a slow machine still verifies it in time.
        String withinSkew = hs256(SECRET, HS256_HEADER,
                "{\"sub\":\"ann\",\"exp\":" + epochSecondsIn(Duration.ofSeconds(-(TokenVerifier.CLOCK_SKEW_SECONDS - 5))) + "}");
        assertEquals("ann", verifier.verify(withinSkew).userId());
    }

    @Test
    void aTokenNotYetValidIsRefusedBeyondTheSkew() throws Exception {
        String later = hs256(SECRET, HS256_HEADER, annPlus(",\"nbf\":" + epochSecondsIn(Duration.ofSeconds(TokenVerifier.CLOCK_SKEW_SECONDS + 5))));
        assertTrue(refusal(later).startsWith("the token's claims are not accepted"));
        String withinSkew = hs256(SECRET, HS256_HEADER, annPlus(",\"nbf\":" + epochSecondsIn(Duration.ofSeconds(30))));
        assertEquals("ann", verifier.verify(withinSkew).userId());
    }

    @Test
    void aTokenWithoutExpOrWithABadOneIsRefused() {
        String noExp = hs256(SECRET, HS256_HEADER, "{\"sub\":\"ann\"}");
        assertEquals("the token's claims are not accepted: JWT missing required claims: [exp]", refusal(noExp));
        refusal(hs256(SECRET, HS256_HEADER, "{\"sub\":\"ann\",\"exp\":\"tomorrow\"}"));
        // A null exp is no exp: it would never expire.
        assertEquals("the token's exp must be a time (seconds since 1970)",
                refusal(hs256(SECRET, HS256_HEADER, "{\"sub\":\"ann\",\"exp\":null}")));
        refusal(hs256(SECRET, HS256_HEADER, "{\"sub\":\"ann\",\"exp\":1e30}"));
    }

    @Test
    void aTokenWithoutSubOrWithABlankOneIsRefused() {
        String exp = ",\"exp\":" + epochSecondsIn(Duration.ofMinutes(5));
        assertEquals("the token's claims are not accepted: JWT missing required claims: [sub]",
                refusal(hs256(SECRET, HS256_HEADER, "{\"name\":\"Ann\"" + exp + "}")));
        for (String blank : List.of("\"\"", "\" \"", "\"\\t\\n\"", "null")) {
            refusal(hs256(SECRET, HS256_HEADER, "{\"sub\":" + blank + exp + "}"));
        }
        for (String notAString : List.of("true", "{\"id\":1}", "[\"ann\"]")) {
            refusal(hs256(SECRET, HS256_HEADER, "{\"sub\":" + notAString + exp + "}"));
        }
    }

    @Test
    void aSubOver256CharactersIsRefused() throws Exception {
        String exp = ",\"exp\":" + epochSecondsIn(Duration.ofMinutes(5));
        String longest = "u".repeat(Identity.MAX_USER_ID_LENGTH);
        assertEquals(longest, verifier.verify(hs256(SECRET, HS256_HEADER, "{\"sub\":\"" + longest + "\"" + exp + "}")).userId());
        assertEquals("the token's sub must be 1 to 256 characters",
                refusal(hs256(SECRET, HS256_HEADER, "{\"sub\":\"" + longest + "u\"" + exp + "}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "{\"first\":\"Ann\"}", "[\"Ann\"]"})
    void aNameThatIsNotAStringIsRefused(String name) {
        assertEquals("the token's name must be a string and its rooms an array of strings",
                refusal(hs256(SECRET, HS256_HEADER, annPlus(",\"name\":" + name))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"lobby\"", "5", "{\"lobby\":true}", "[\"lobby\",1]", "[\"lobby\",null]", "[[\"lobby\"]]",
            "[\"lobby\",{}]", "[true]"})
    void roomsThatAreNotAnArrayOfStringsAreRefused(String rooms) {
        assertEquals("the token's name must be a string and its rooms an array of strings",
                refusal(hs256(SECRET, HS256_HEADER, annPlus(",\"rooms\":" + rooms))));
    }

    @Test
    void anEmptyRoomsArrayAllowsNoRoom() throws Exception {
        Identity none = verifier.verify(hs256(SECRET, HS256_HEADER, annPlus(",\"rooms\":[]")));
        assertEquals(Set.of(), none.rooms());
        assertFalse(none.mayEnter("lobby"));
    }

    @Test
    void aTypeOtherThanJwtIsRefusedAndNoneOrAnyCaseOfJwtIsAccepted() throws Exception {
        for (String typ : List.of("at+jwt", "JOSE", "JWS", "secevent+jwt", "")) {
            refusal(hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"" + typ + "\"}", annPlus("")));
        }
        for (String header : List.of("{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\",\"typ\":\"jwt\"}")) {
            assertEquals("ann", verifier.verify(hs256(SECRET, header, annPlus(""))).userId(), header);
        }
    }

    /** Nothing here understands a critical header parameter, so none may be named (RFC 7515 4.1.11). */
    @Test
    void aCritHeaderIsRefused() {
        refusal(hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"crit\":[\"exp\"],\"exp\":1}", annPlus("")));
        refusal(hs256(SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"crit\":[\"hubchat-admin\"],\"hubchat-admin\":true}", annPlus("")));
        refusal(hs256(SECRET, "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", annPlus("")));
    }

    @Test
    void aPayloadThatIsNotOneJsonObjectIsRefused() {
        for (String payload : List.of("not json", "[\"ann\"]", "\"ann\"", "{\"sub\":\"ann\"", "",
                "{\"sub\":\"ann\",\"sub\":\"root\",\"exp\":" + epochSecondsIn(Duration.ofMinutes(5)) + "}")) {
            refusal(hs256(SECRET, HS256_HEADER, payload));
        }
    }

    @Test
    void anEncryptedTokenIsRefused() {
        refusal(base64url("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}") + ".." + base64url("iv") + "." + base64url("text") + "."
                + base64url("tag"));
    }

    /** No key the token names is fetched or used: jku, x5u and kid are ignored, the secret alone decides. */
    @Test
    void headersNamingOtherKeysChangeNothing() throws Exception {
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"admin\",\"jku\":\"http://192.0.2.1/keys\",\"x5u\":\"http://192.0.2.1/x5\"}";
        assertEquals("ann", verifier.verify(hs256(SECRET, header, annPlus(""))).userId());
        refusal(hs256("another secret of at least 32 bytes!", header, annPlus("")));
    }

    @Test
    void aSecretShorterThan32BytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenVerifier("x".repeat(31)));
        new TokenVerifier("x".repeat(32));
        // Bytes of UTF-8, as HMAC uses them: 16 two-byte characters are 32 bytes.
        new TokenVerifier("\u00e9".repeat(16));
        assertThrows(IllegalArgumentException.class, () -> new TokenVerifier("\u00e9".repeat(15) + "x"));
    }

    @Test
    void anIdentityShowsOnlyItsUserId() throws Exception {
        Identity ann = verifier.verify(SignedTokens.issue("user-19", "Ann Secretname", List.of("hidden-room")));
        assertEquals("Identity[user-19]", ann.toString());
        assertNull(new Identity("user-20", null, null).name());
    }
}
