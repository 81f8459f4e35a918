package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chat scenarios on a real container, through HTTP and real WebSockets: the same class runs
 * on Tomcat 11 (target/hubchat-tomcat.war) and on Payara Micro 6 (target/hubchat.war), one
 * failsafe execution each (see the pom and src/test/resources/arquillian.xml). The pom passes:
 * <ul>
 * <li>{@code it.war}: the WAR to deploy; it keeps its file name as context root
 * ({@code /hubchat-tomcat}, {@code /hubchat}), so this also checks that nothing assumes {@code /};</li>
 * <li>{@code it.expected.executor}: what {@code GET /health} must say the hub runs on,
 * {@code own} on Tomcat, {@code managed} (the container's ManagedExecutorService) on Payara;</li>
 * <li>{@code it.expected.writes}: how it must say sockets are written, {@code tomcat-raw} on
 * Tomcat, {@code tyrus-raw} on Payara (see SessionTransport).</li>
 * </ul>
 * Every test uses rooms of its own, so they do not see each other's traffic. This is the short
 * end-to-end proof that the application works in each container; the chat rules themselves
 * (nick suffixes, history pages, presence windows...) are pinned once, in {@code hubchat.hub}.
 */
class ChatScenarioIT extends OnContainer {

    /** The server's default CHAT_MAX_FRAME_BYTES. */
    private static final int MAX_FRAME_BYTES = 16384;

    @Test
    void servesThePageAndHealthOnTheExpectedExecutor() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode(), "GET / status");
        String type = page.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/html"), "GET / Content-Type: " + type);
        assertTrue(page.body().toLowerCase(Locale.ROOT).contains("<html"), "GET / is not an HTML page");

        HttpResponse<String> health = get("health");
        assertEquals(200, health.statusCode(), "GET /health status, body: " + health.body());
        Map<String, Object> status = JsonFrames.parse(health.body());
        assertEquals("up", status.get("status"), "health: " + status);
        String expected = System.getProperty("it.expected.executor", "own");
        assertEquals(expected, status.get("executor"),
                "the hub's executor (managed = the container's ManagedExecutorService): " + status);
        assertTrue(status.get("rooms") instanceof Long && status.get("connections") instanceof Long,
                "health counts: " + status);

        // Once a client has connected, the container's fast, non-blocking write path is in use.
        try (JdkChatClient ann = JdkChatClient.connect(ws("health", "nick=ann"))) {
            first(ann, "welcome");
            Map<String, Object> after = JsonFrames.parse(get("health").body());
            assertEquals(System.getProperty("it.expected.writes", "tomcat-raw"), after.get("writes"),
                    "how sockets are written: " + after);
        }
    }

    @Test
    void welcomeIsTheFirstFrame() throws Exception {
        try (JdkChatClient ann = JdkChatClient.connect(ws("welcome", "nick=ann"))) {
            Map<String, Object> welcome = first(ann, "welcome");
            assertEquals("welcome", welcome.get("room"), "room: " + welcome);
            assertEquals("ann", welcome.get("you"), "you: " + welcome);
            assertEquals(List.of("ann"), JsonFrames.list(welcome, "members"), "members: " + welcome);
            assertEquals(1L, welcome.get("memberCount"), "memberCount: " + welcome);
            assertEquals(List.of(), JsonFrames.list(welcome, "history"), "history of a new room: " + welcome);
            assertEquals(Boolean.FALSE, welcome.get("resumed"), "resumed: " + welcome);
        }
    }

    @Test
    void twoClientsChatAndOnlyTheSendersCopyCarriesCid() throws Exception {
        try (JdkChatClient ann = JdkChatClient.connect(ws("chat", "nick=ann"));
                JdkChatClient bob = connectAfter(ann, "chat", "nick=bob")) {
            first(bob, "welcome");

            bob.send("{\"type\":\"message\",\"text\":\"  hi ann  \",\"cid\":\"c-1\"}");
            Map<String, Object> atBob = bob.awaitType("message", WAIT);
            Map<String, Object> atAnn = ann.awaitType("message", WAIT);
            for (Map<String, Object> m : List.of(atBob, atAnn)) {
                assertEquals("hi ann", m.get("text"), "text (trimmed) of " + m);
                assertEquals("bob", m.get("from"), "from of " + m);
                assertEquals("chat", m.get("room"), "room of " + m);
                assertTrue(m.get("ts") instanceof Long ts && Math.abs(ts - System.currentTimeMillis()) < 60_000,
                        "ts (epoch ms) of " + m);
            }
            assertEquals("c-1", atBob.get("cid"), "the sender's copy carries cid: " + atBob);
            assertFalse(atAnn.containsKey("cid"), "only the sender's copy carries cid: " + atAnn);
            String id = (String) atBob.get("id");
            assertNotNull(id, "message id: " + atBob);
            assertEquals(id, atAnn.get("id"), "both copies have the same id");

            // And the other way round, without a cid: nobody's copy has one.
            ann.send("{\"type\":\"message\",\"text\":\"hi bob\"}");
            Map<String, Object> reply = bob.awaitType("message", WAIT);
            Map<String, Object> replyAtAnn = ann.awaitType("message", WAIT);
            assertEquals("hi bob", reply.get("text"));
            assertEquals("ann", reply.get("from"));
            assertEquals(reply.get("id"), replyAtAnn.get("id"));
            assertFalse(replyAtAnn.containsKey("cid"), "no cid sent, none echoed: " + replyAtAnn);
            assertFalse(id.equals(reply.get("id")), "ids never repeat");
        }
    }

    @Test
    void presenceTellsTheOthersWhoJoinedAndLeft() throws Exception {
        try (JdkChatClient ann = JdkChatClient.connect(ws("presence", "nick=ann"))) {
            first(ann, "welcome");
            JdkChatClient bob = connectAfter(ann, "presence", "nick=bob");
            try {
                Map<String, Object> bobWelcome = first(bob, "welcome");
                assertEquals(2L, bobWelcome.get("memberCount"), "bob's welcome: " + bobWelcome);
                assertTrue(JsonFrames.list(bobWelcome, "members").contains("ann"), "bob's welcome: " + bobWelcome);
            } finally {
                bob.close();
            }
            Map<String, Object> left = ann.await(f -> "presence".equals(JsonFrames.type(f))
                    && JsonFrames.list(f, "left").contains("bob"), "presence with bob left", WAIT);
            assertEquals(List.of(), JsonFrames.list(left, "joined"), "presence: " + left);
            assertEquals(1L, left.get("memberCount"), "presence: " + left);
        }
    }

    @Test
    void resumeWithSinceGivesExactlyTheMissedMessages() throws Exception {
        try (JdkChatClient ann = JdkChatClient.connect(ws("history", "nick=ann"))) {
            first(ann, "welcome");
            String m1;
            try (JdkChatClient bob = connectAfter(ann, "history", "nick=bob")) {
                first(bob, "welcome");
                m1 = post(ann, "one");
                assertEquals(m1, bob.awaitType("message", WAIT).get("id"), "bob saw the first message");
            }
            // Bob is away: these two he misses.
            String m2 = post(ann, "two");
            String m3 = post(ann, "three");

            // Bob comes back after the last message he saw: exactly the two he missed.
            try (JdkChatClient bob = JdkChatClient.connect(ws("history", "nick=bob&since=" + enc(m1)))) {
                Map<String, Object> welcome = first(bob, "welcome");
                assertEquals(Boolean.TRUE, welcome.get("resumed"), "resumed with a known since: " + welcome);
                assertEquals(List.of(m2, m3), ids(JsonFrames.list(welcome, "history")), "missed: " + welcome);
                assertEquals(List.of("two", "three"), texts(JsonFrames.list(welcome, "history")));
            }
        }
    }

    @Test
    void badFramesGetErrorFramesAndTheConnectionStaysOpen() throws Exception {
        try (JdkChatClient dan = JdkChatClient.connect(ws("errors", "nick=dan"))) {
            first(dan, "welcome");

            dan.send("{not json");
            Map<String, Object> badJson = dan.awaitType("error", WAIT);
            assertEquals("bad_json", badJson.get("code"), "error frame: " + badJson);
            assertTrue(badJson.get("message") instanceof String, "error frame has a message: " + badJson);

            dan.send("{\"type\":\"shout\",\"text\":\"HI\"}");
            Map<String, Object> unknown = dan.awaitType("error", WAIT);
            assertEquals("unknown_type", unknown.get("code"), "error frame: " + unknown);

            dan.send("{\"type\":\"message\",\"text\":\"still here\"}");
            assertEquals("still here", dan.awaitType("message", WAIT).get("text"));
            assertNull(dan.closeCode(), "connection still open");
        }
    }

    @Test
    void aFrameOverTheSizeLimitIsClosedWith1009() throws Exception {
        try (JdkChatClient eve = JdkChatClient.connect(ws("big", "nick=eve"));
                JdkChatClient fay = connectAfter(eve, "big", "nick=fay")) {
            first(fay, "welcome");

            // Under the frame limit but over the 2000-character text limit: an error, not a close.
            eve.send(messageFrame(MAX_FRAME_BYTES / 2));
            assertEquals("too_long", eve.awaitType("error", WAIT).get("code"));
            assertNull(eve.closeCode(), "a too_long text does not close the connection");

            // Over the frame limit: closed with 1009 ("message too big").
            eve.send(messageFrame(MAX_FRAME_BYTES + 1));
            assertEquals(1009, eve.awaitClose(WAIT), "close code for a frame over " + MAX_FRAME_BYTES
                    + " bytes (reason: " + eve.closeReason() + ")");

            // The others are not affected.
            fay.send("{\"type\":\"message\",\"text\":\"fine here\"}");
            assertEquals("fine here", fay.awaitType("message", WAIT).get("text"));
            assertNull(fay.closeCode(), "the other member's connection stays open");
        }
    }

    @Test
    void foreignOriginIsRefusedAndOwnOriginAccepted() throws Exception {
        WebSocketHandshakeException refused = assertThrows(WebSocketHandshakeException.class,
                () -> JdkChatClient.connect(ws("origins", "nick=eve"), "http://evil.example").close());
        assertEquals(403, refused.getResponse().statusCode(), "status for a foreign Origin");

        String own = "http://" + base.getHost() + ":" + base.getPort();
        try (JdkChatClient ok = JdkChatClient.connect(ws("origins", "nick=own"), own)) {
            assertEquals("own", first(ok, "welcome").get("you"));
        }
    }

    @Test
    void badRoomNameIsRefusedBeforeTheUpgrade() throws Exception {
        WebSocketHandshakeException refused = assertThrows(WebSocketHandshakeException.class,
                () -> JdkChatClient.connect(ws("no.dots", "nick=eve")).close());
        assertEquals(400, refused.getResponse().statusCode(), "status for a bad room name");
    }

    /** The first frame must be of {@code type}. */
    private static Map<String, Object> first(JdkChatClient client, String type) throws InterruptedException {
        Map<String, Object> frame = JsonFrames.parse(client.next(WAIT));
        assertEquals(type, JsonFrames.type(frame), "first frame: " + frame);
        return frame;
    }

    /**
     * Connects a second client to {@code room} and waits until {@code present}, already there,
     * has seen it join (so a later leave is not merged with the join into one presence window).
     */
    private JdkChatClient connectAfter(JdkChatClient present, String room, String query) throws Exception {
        JdkChatClient client = JdkChatClient.connect(ws(room, query));
        String nick = query.replaceFirst("^nick=([^&]*).*$", "$1");
        Map<String, Object> joined = present.await(f -> "presence".equals(JsonFrames.type(f))
                && JsonFrames.list(f, "joined").contains(nick), "presence with " + nick + " joined", WAIT);
        assertEquals(List.of(), JsonFrames.list(joined, "left"), "presence: " + joined);
        assertTrue(joined.get("memberCount") instanceof Long n && n >= 2, "presence: " + joined);
        return client;
    }

    /** Posts {@code text} as {@code client} and returns the id of its own copy. */
    private static String post(JdkChatClient client, String text) throws InterruptedException {
        client.send("{\"type\":\"message\",\"text\":\"" + text + "\"}");
        Map<String, Object> message = client.awaitType("message", WAIT);
        assertEquals(text, message.get("text"), "own copy: " + message);
        return (String) message.get("id");
    }

    /** A message frame of exactly {@code bytes} bytes (ASCII). */
    private static String messageFrame(int bytes) {
        String head = "{\"type\":\"message\",\"text\":\"";
        String tail = "\"}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(List<Object> messages) {
        List<Object> ids = new ArrayList<>();
        for (Object m : messages) {
            ids.add(((Map<String, Object>) m).get("id"));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> texts(List<Object> messages) {
        List<Object> texts = new ArrayList<>();
        for (Object m : messages) {
            texts.add(((Map<String, Object>) m).get("text"));
        }
        return texts;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
