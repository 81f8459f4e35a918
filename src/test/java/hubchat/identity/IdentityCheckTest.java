package hubchat.identity;

import static hubchat.testing.SignedTokens.HS256_HEADER;
import static hubchat.testing.SignedTokens.SECRET;
import static hubchat.testing.SignedTokens.hs256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.protocol.Disconnect;
import hubchat.testing.SignedTokens;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The handshake's identity as the operator's settings decide it: anyone (the default), a token
 * holder, or the container's logged-in user; and the refusals, 401 {@code unauthorized} with its
 * {@code WWW-Authenticate} challenge and 403 {@code room_not_allowed}, whose texts never quote
 * the token.
 */
class IdentityCheckTest {
    private static final Principal NOBODY = null;
    private final IdentityCheck tokens = IdentityCheck.tokens(SECRET);

    private static IdentityCheck.Refusal refusal(IdentityCheck.Outcome outcome) {
        assertNull(outcome.identity(), "a refusal proves no one");
        assertNotNull(outcome.refusal(), "refused");
        return outcome.refusal();
    }

    private static void assertQuotesNoToken(IdentityCheck.Refusal refusal, String token) {
        for (String text : new String[] {refusal.reason(), refusal.detail(), String.valueOf(refusal.challenge()), refusal.toString()}) {
            for (String part : token.split("\\.")) {
                assertFalse(part.length() >= 4 && text.contains(part), "quotes the token: " + text);
            }
            assertFalse(text.contains(SECRET), text);
        }
    }

    @Test
    void theSettingsChooseTheMode() {
        assertEquals(IdentityCheck.Mode.ANONYMOUS, IdentityCheck.of(Settings.defaults()).mode());
        assertEquals(IdentityCheck.Mode.TOKEN, IdentityCheck.of(Settings.defaults().with(Setting.JWT_SECRET, SECRET)).mode());
        assertEquals(IdentityCheck.Mode.CONTAINER, IdentityCheck.of(Settings.defaults().with(Setting.CONTAINER_LOGIN, "on")).mode());
        assertEquals(IdentityCheck.Mode.ANONYMOUS, IdentityCheck.of(Settings.defaults().with(Setting.CONTAINER_LOGIN, "off")).mode());
    }

    @Test
    void withoutIdentityEveryHandshakeIsAnonymousWhateverItCarries() {
        IdentityCheck.Outcome outcome = IdentityCheck.ANONYMOUS.check("lobby", "not even a token", () -> "admin");
        assertNull(outcome.identity());
        assertNull(outcome.refusal());
        assertNull(IdentityCheck.ANONYMOUS.check("lobby", SignedTokens.issue("ann", "Ann", List.of("dev")), NOBODY).identity(),
                "a token means nothing to a server without a secret: the nick is the client's");
    }

    @Test
    void aGoodTokenProvesItsUser() {
        IdentityCheck.Outcome outcome = tokens.check("dev", SignedTokens.issue("user-7", "Ann", List.of("lobby", "dev")), NOBODY);
        assertNull(outcome.refusal());
        assertEquals(new Identity("user-7", "Ann", Set.of("lobby", "dev")), outcome.identity());
    }

    @Test
    void aHandshakeWithoutATokenIs401WithABearerChallengeAndNoErrorCode() {
        for (String none : new String[] {null, ""}) {
            IdentityCheck.Refusal refusal = refusal(tokens.check("lobby", none, () -> "someone the container knows"));
            assertEquals(401, refusal.status());
            assertEquals(Disconnect.UNAUTHORIZED, refusal.cause());
            assertEquals("unauthorized: a token is required", refusal.reason());
            assertEquals("Bearer realm=\"hubchat\"", refusal.challenge(), "RFC 6750 3.1: no error code without a token");
        }
    }

    @Test
    void aBadTokenIs401InvalidTokenAndItsTextsQuoteNoneOfIt() {
        List<String> bad = List.of(
                "garbage",
                hs256("another secret of at least 32 bytes!", HS256_HEADER, "{\"sub\":\"ann\",\"exp\":" + SignedTokens.epochSecondsIn(Duration.ofMinutes(5)) + "}"),
                SignedTokens.issue(SECRET, "ann", "Ann", null, Duration.ofMinutes(-2)),
                hs256(SECRET, HS256_HEADER, "{\"sub\":\"ann\"}"),
                hs256(SECRET, HS256_HEADER, "{\"sub\":\"ann\",\"exp\":" + SignedTokens.epochSecondsIn(Duration.ofMinutes(5)) + ",\"rooms\":\"lobby\"}"));
        for (String token : bad) {
            IdentityCheck.Refusal refusal = refusal(tokens.check("lobby", token, NOBODY));
            assertEquals(401, refusal.status(), token);
            assertEquals(Disconnect.UNAUTHORIZED, refusal.cause());
            assertEquals("Bearer realm=\"hubchat\", error=\"invalid_token\"", refusal.challenge());
            assertQuotesNoToken(refusal, token);
        }
    }

    @Test
    void aRoomNotInTheTokensRoomsIs403RoomNotAllowed() {
        String token = SignedTokens.issue("user-8", "Bob", List.of("lobby"));
        IdentityCheck.Refusal refusal = refusal(tokens.check("dev", token, NOBODY));
        assertEquals(403, refusal.status());
        assertEquals(Disconnect.ROOM_NOT_ALLOWED, refusal.cause());
        assertEquals("room_not_allowed: this identity may not enter the room", refusal.reason());
        assertNull(refusal.challenge(), "403: another token would not help, so no challenge");
        assertQuotesNoToken(refusal, token);
        assertNull(tokens.check("lobby", token, NOBODY).refusal());
        assertEquals(403, refusal(tokens.check("Lobby", token, NOBODY)).status(), "room names are compared exactly");
    }

    @Test
    void aTokenWithoutRoomsMayEnterAnyRoomAndOneWithAnEmptyListNone() {
        String anyRoom = SignedTokens.issue("user-9", null, null);
        for (String room : List.of("lobby", "dev", "x")) {
            assertEquals("user-9", tokens.check(room, anyRoom, NOBODY).identity().userId());
        }
        assertEquals(403, refusal(tokens.check("lobby", SignedTokens.issue("user-9", null, List.of()), NOBODY)).status());
    }

    @Test
    void containerLoginTakesThePrincipalsNameAndRefusesWithoutOne() {
        IdentityCheck container = IdentityCheck.containerLogin();
        assertEquals(new Identity("carol", null, null), container.check("lobby", "a token is ignored", () -> "carol").identity());
        for (Principal missing : new Principal[] {NOBODY, () -> null, () -> " ", () -> "u".repeat(Identity.MAX_USER_ID_LENGTH + 1)}) {
            IdentityCheck.Refusal refusal = refusal(container.check("lobby", null, missing));
            assertEquals(401, refusal.status());
            assertEquals(Disconnect.UNAUTHORIZED, refusal.cause());
        }
    }
}
