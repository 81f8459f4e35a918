package hubchat.identity;

import hubchat.config.Settings;
import hubchat.protocol.Disconnect;
import java.security.Principal;

/**
 * Who may open a connection, by the operator's choice: anyone, under a nick of their choosing
 * (the default); the holder of a signed token ({@code CHAT_JWT_SECRET}); or a user the container
 * logged in ({@code CHAT_CONTAINER_LOGIN}). The one place the handshake's identity is decided:
 * the handshake filter asks it to refuse with an HTTP status before the upgrade, the endpoint's
 * configurator to find the identity a connection carries. Thread-safe.
 */
public final class IdentityCheck {
    /** The handshake parameter that carries a signed token. */
    public static final String TOKEN_PARAMETER = "token";
    /** The realm a 401 for a token names in its {@code WWW-Authenticate} challenge. */
    public static final String REALM = "hubchat";
    /** The challenge of a 401 for a handshake without a token (RFC 6750: no error code then). */
    static final String NO_TOKEN_CHALLENGE = "Bearer realm=\"" + REALM + "\"";
    /** The challenge of a 401 for a token that is there but refused (RFC 6750 {@code invalid_token}). */
    static final String BAD_TOKEN_CHALLENGE = NO_TOKEN_CHALLENGE + ", error=\"invalid_token\"";

    /** How a handshake proves who its user is. */
    public enum Mode { ANONYMOUS, TOKEN, CONTAINER }

    /**
     * A handshake refused: the HTTP status before the upgrade, or the close after it (where no
     * filter ran). {@code challenge} is the {@code WWW-Authenticate} header a 401 for a token
     * carries (HTTP requires one with every 401), null where there is none to send. No part of
     * it ever quotes the token.
     */
    public record Refusal(int status, Disconnect cause, String detail, String challenge) {
        /** The text of the HTTP error and of the close reason: the cause's token and the detail. */
        public String reason() {
            return cause.reason(detail);
        }
    }

    /** What a handshake proved: an identity (null when anonymous), or a refusal. */
    public record Outcome(Identity identity, Refusal refusal) {
        static final Outcome ANONYMOUS = new Outcome(null, null);
    }

    /** The one answer for every handshake when identity is off. */
    public static final IdentityCheck ANONYMOUS = new IdentityCheck(Mode.ANONYMOUS, null);

    private final Mode mode;
    private final TokenVerifier tokens;

    private IdentityCheck(Mode mode, TokenVerifier tokens) {
        this.mode = mode;
        this.tokens = tokens;
    }

    /**
     * The check the operator's settings ask for. {@link Settings} itself refuses both a secret and
     * container login (a server has one source of identity), before anything is made from them.
     */
    public static IdentityCheck of(Settings settings) {
        if (!settings.jwtSecret().isEmpty()) {
            return tokens(settings.jwtSecret().reveal());
        }
        return settings.containerLogin() ? containerLogin() : ANONYMOUS;
    }

    /** Identity from signed tokens, checked with {@code secret}. */
    public static IdentityCheck tokens(String secret) {
        return new IdentityCheck(Mode.TOKEN, new TokenVerifier(secret));
    }

    /** Identity from the container's login. */
    public static IdentityCheck containerLogin() {
        return new IdentityCheck(Mode.CONTAINER, null);
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Whom a handshake for {@code room} proves, from its {@code token} parameter (null if it has
     * none) or the {@code principal} the container authenticated (null if none): 401 if the mode
     * needs a proof and it is missing or wrong, 403 if the identity may not enter {@code room}.
     */
    public Outcome check(String room, String token, Principal principal) {
        Identity identity;
        switch (mode) {
            case ANONYMOUS -> {
                return Outcome.ANONYMOUS;
            }
            case TOKEN -> {
                try {
                    identity = tokens.verify(token);
                } catch (TokenVerifier.BadTokenException e) {
                    boolean none = token == null || token.isEmpty();
                    return refused(401, Disconnect.UNAUTHORIZED, e.getMessage(), none ? NO_TOKEN_CHALLENGE : BAD_TOKEN_CHALLENGE);
                }
            }
            default -> {
                String name = principal == null ? null : principal.getName();
                if (name == null || name.isBlank() || name.length() > Identity.MAX_USER_ID_LENGTH) {
                    return refused(401, Disconnect.UNAUTHORIZED, "the container has not logged a user in", null);
                }
                identity = new Identity(name, null, null);
            }
        }
        if (!identity.mayEnter(room)) {
            return refused(403, Disconnect.ROOM_NOT_ALLOWED, "this identity may not enter the room", null);
        }
        return new Outcome(identity, null);
    }

    private static Outcome refused(int status, Disconnect cause, String detail, String challenge) {
        return new Outcome(null, new Refusal(status, cause, detail, challenge));
    }
}
