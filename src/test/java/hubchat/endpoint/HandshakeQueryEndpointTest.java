package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.RawWebSocket;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import java.util.logging.LogRecord;
import java.util.logging.Handler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The handshake query where no servlet filter runs (Tyrus' own server): decoded by the endpoint
 * as strict UTF-8, whatever the container would make of it; a query that does not decode is
 * closed with 1008 {@code bad_query} before any welcome, and no member is made; no query at
 * all is a join with no nick. HandshakeQueryTest has every rule; this shows the endpoint
 * applies them.
 */
class HandshakeQueryEndpointTest {
    /** The logger of Tyrus' own (Grizzly) server that reports a request it could not handle. */
    private static final String GRIZZLY_FILTER_CHAIN = "org.glassfish.grizzly.filterchain.DefaultFilterChain";

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "J%C3%BCrgen|J\u00fcrgen",
        "%E6%9D%8E%E9%9B%B7|\u674e\u96f7",
        "Zo%C3%AB+%F0%9F%98%80|Zo\u00eb \uD83D\uDE00",
        "a%2Bb|a+b",
    })
    void aPercentEncodedNickArrivesIntact(String raw, String nick) throws Exception {
        try (JdkChatClient c = SERVER.connect(freshRoom("nicks"), "nick=" + raw)) {
            Map<String, Object> welcome = Chat.welcome(c);
            assertEquals(nick, welcome.get("you"), "welcome: " + welcome);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nick=%C3%28", "nick=%ED%A0%80", "nick=%C0%AF", "nick=%E0%80%AF", "since=%FF",
            "nick=ann&nick=bob", "nick=ann&%6Eick=bob"})
    void aBadQueryIsClosedWith1008BeforeAnyWelcome(String query) throws Exception {
        int rooms = SERVER.hub().roomCount(); // clients of earlier tests may still be leaving
        String room = freshRoom("query");
        try (RawWebSocket raw = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?" + query, 0)) {
            List<RawWebSocket.Frame> frames = untilClose(raw);
            RawWebSocket.Frame close = frames.get(frames.size() - 1);
            assertEquals(List.of(RawWebSocket.OP_CLOSE), frames.stream().map(RawWebSocket.Frame::opcode).toList(),
                    "nothing but the close, no welcome");
            String reason = reason(close);
            assertClosedFor(Disconnect.BAD_QUERY, close.closeCode(), reason);
            assertTrue(reason.startsWith(Disconnect.BAD_QUERY.token() + ": "), "says what is wrong: " + reason);
        }
        assertEquals(rooms, SERVER.hub().roomCount(), "no member was made: its fresh room does not exist");
    }

    /**
     * A bad percent-escape makes the request target an invalid URI, which Tyrus' own server
     * fails on after its 101 and before any endpoint code runs: it drops the connection. (In a
     * servlet container the filter answers 400 first.) Pinned here: the hub is not touched.
     */
    @ParameterizedTest
    @ValueSource(strings = {"nick=%", "nick=%zz", "nick=%e"})
    void aBadEscapeNeverReachesTheHubOnTyrusOwnServer(String query) throws Exception {
        int rooms = SERVER.hub().roomCount(); // clients of earlier tests may still be leaving
        String room = freshRoom("escape");
        // Grizzly logs the failed request (GRIZZLY0013), possibly after the connection is gone: wait
        // for that record, so that it lands in this test and not in a later one that counts records.
        BlockingQueue<LogRecord> grizzly = new LinkedBlockingQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getThrown() != null && String.valueOf(r.getThrown().getMessage()).contains(room)) {
                    grizzly.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger filterChain = Logger.getLogger(GRIZZLY_FILTER_CHAIN);
        filterChain.addHandler(capture);
        try (RawWebSocket raw = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?" + query, 0)) {
            assertThrows(EOFException.class, () -> raw.readFrame(WAIT), "no frame, the connection is dropped");
            assertNotNull(grizzly.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "Tyrus' server logged the bad request");
        } finally {
            filterChain.removeHandler(capture);
        }
        assertEquals(rooms, SERVER.hub().roomCount(), "no member was made: its fresh room does not exist");
    }

    @Test
    void unknownParametersAreIgnored() throws Exception {
        try (JdkChatClient c = SERVER.connect(freshRoom("unknown"), "v=2&nick=ann&_=17&&flag")) {
            assertEquals("ann", Chat.welcome(c).get("you"));
            assertNull(c.closeCode());
        }
    }

    @Test
    void aHandshakeWithoutAQueryJoinsUnderAGuestName() throws Exception {
        try (JdkChatClient c = SERVER.connect(freshRoom("no-query"), null)) {
            Map<String, Object> welcome = Chat.welcome(c);
            assertTrue(((String) welcome.get("you")).matches("guest-\\d{4}"), "a guest name: " + welcome);
            Chat.assertStillWorks(c);
        }
    }

    /** Frames until and including the close; fails if none comes. */
    private static List<RawWebSocket.Frame> untilClose(RawWebSocket raw) throws Exception {
        List<RawWebSocket.Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (frames.isEmpty() || frames.get(frames.size() - 1).opcode() != RawWebSocket.OP_CLOSE) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            assertTrue(left > 0, "no close within " + WAIT + "; got " + frames);
            frames.add(raw.readFrame(Duration.ofMillis(left)));
        }
        return frames;
    }

    private static String reason(RawWebSocket.Frame close) {
        byte[] p = close.payload();
        return p.length <= 2 ? "" : new String(Arrays.copyOfRange(p, 2, p.length), StandardCharsets.UTF_8);
    }
}
