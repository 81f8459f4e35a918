package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static hubchat.testing.SignedTokens.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.config.Setting;
import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.SignedTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server with {@code CHAT_JWT_SECRET}, where no servlet filter runs (Tyrus' own server): the
 * endpoint decides the identity from the handshake itself and closes 1008 {@code unauthorized}
 * (no token, or a bad one) or {@code room_not_allowed} before any welcome, making no member and
 * no room; a good token joins under the name it carries, whatever nick the query asks for. In a
 * servlet container the handshake filter answers the same refusals with HTTP 401 and 403 first.
 */
class TokenHandshakeEndpointTest {
    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.JWT_SECRET, SECRET);

    @Test
    void aHandshakeWithoutATokenIsClosedUnauthorized() throws Exception {
        int rooms = SERVER.hub().roomCount();
        for (String query : new String[] {null, "nick=ann", "token=", "token", "nick=ann&tok=x"}) {
            try (JdkChatClient c = SERVER.connect(freshRoom("no-token"), query)) {
                assertClosedFor(Disconnect.UNAUTHORIZED, c.awaitClose(WAIT), c.closeReason());
                assertEquals("unauthorized: a token is required", c.closeReason(), query);
                assertEquals(List.of(), c.pending(), "nothing but the close: no welcome");
            }
        }
        assertEquals(rooms, SERVER.hub().roomCount(), "no member was made: their fresh rooms do not exist");
    }

    @Test
    void aBadTokenIsClosedUnauthorizedWithAReasonThatQuotesNoneOfIt() throws Exception {
        long inFiveMinutes = SignedTokens.epochSecondsIn(Duration.ofMinutes(5));
        List<String> bad = List.of(
                "garbage",
                SignedTokens.hs256("another secret of at least 32 bytes!", SignedTokens.HS256_HEADER,
                        "{\"sub\":\"ann\",\"exp\":" + inFiveMinutes + "}"),
                SignedTokens.issue(SECRET, "ann", "Ann", null, Duration.ofMinutes(-2)),
                SignedTokens.base64url("{\"alg\":\"none\"}") + "." + SignedTokens.base64url("{\"sub\":\"ann\",\"exp\":" + inFiveMinutes + "}") + ".",
                SignedTokens.hs256(SECRET, SignedTokens.HS256_HEADER, "{\"sub\":\"ann\"}"));
        int rooms = SERVER.hub().roomCount();
        for (String token : bad) {
            try (JdkChatClient c = SERVER.connect(freshRoom("bad-token"), "nick=ann&token=" + Chat.encode(token))) {
                assertClosedFor(Disconnect.UNAUTHORIZED, c.awaitClose(WAIT), c.closeReason());
                assertEquals(List.of(), c.pending(), "nothing but the close: no welcome");
                for (String part : token.split("\\.")) {
                    assertFalse(part.length() >= 4 && c.closeReason().contains(part), "quotes the token: " + c.closeReason());
                }
            }
        }
        assertEquals(rooms, SERVER.hub().roomCount(), "no member was made");
    }

    @Test
    void aRoomNotInTheTokensRoomsIsClosedRoomNotAllowed() throws Exception {
        String allowed = freshRoom("allowed");
        String token = SignedTokens.issue("user-31", "Dana", List.of(allowed));
        int rooms = SERVER.hub().roomCount();
        try (JdkChatClient c = SERVER.connect(freshRoom("elsewhere"), "token=" + token)) {
            assertClosedFor(Disconnect.ROOM_NOT_ALLOWED, c.awaitClose(WAIT), c.closeReason());
            assertEquals(List.of(), c.pending(), "nothing but the close: no welcome");
        }
        assertEquals(rooms, SERVER.hub().roomCount(), "no member was made");
        try (JdkChatClient c = SERVER.connect(allowed, "token=" + token)) {
            Chat.welcome(c);
            assertNull(c.closeCode(), "its own room it may enter");
        }
    }

    /**
     * The name comes from the token, not from the query's nick: a token holder cannot be shown
     * as anyone else. (This needs the hub to take the nick from the identity.)
     */
    @Test
    void aGoodTokenJoinsUnderTheTokensName() throws Exception {
        String room = freshRoom("good-token");
        try (JdkChatClient c = SERVER.connect(room, "nick=mallory&token=" + SignedTokens.issue("user-32", "Erin", null))) {
            Map<String, Object> welcome = Chat.welcome(c);
            assertEquals("Erin", welcome.get("you"), "the token's name, not the query's nick: " + welcome);
            Chat.assertStillWorks(c);
        }
    }

    /**
     * Our loggers at every level, and the others at what they log by default, while tokens are
     * accepted and refused: no line holds a token or the secret.
     */
    @Test
    void noLogLineHoldsATokenOrTheSecret() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Logger ours = Logger.getLogger("hubchat");
        Level before = ours.getLevel();
        root.addHandler(capture);
        ours.setLevel(Level.ALL);
        String good = SignedTokens.issue("user-33", "Finn", null);
        String expired = SignedTokens.issue(SECRET, "user-33", "Finn", null, Duration.ofMinutes(-5));
        String elsewhere = SignedTokens.issue("user-33", "Finn", List.of("not-this-one"));
        try {
            try (JdkChatClient c = SERVER.connect(freshRoom("logs"), "token=" + good)) {
                Chat.welcome(c);
            }
            for (String refused : List.of(expired, elsewhere)) {
                try (JdkChatClient c = SERVER.connect(freshRoom("logs"), "token=" + refused)) {
                    c.awaitClose(WAIT);
                }
            }
        } finally {
            root.removeHandler(capture);
            ours.setLevel(before);
        }
        List<String> secrets = new ArrayList<>(List.of(SECRET));
        for (String token : List.of(good, expired, elsewhere)) {
            secrets.add(token.substring(token.indexOf('.') + 1)); // the payload and the signature
            secrets.add(token.substring(token.lastIndexOf('.') + 1));
        }
        synchronized (capture) {
            for (LogRecord r : records) {
                String line = r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                        + (r.getThrown() == null ? "" : " " + r.getThrown());
                for (String s : secrets) {
                    assertFalse(line.contains(s), "a log line holds a token or the secret: " + r.getLoggerName() + ": " + line);
                }
            }
        }
    }
}
