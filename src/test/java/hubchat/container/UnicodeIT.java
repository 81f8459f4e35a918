package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strings that are not well-formed Unicode, and handshake queries, on a real container (Tomcat
 * 11 and Payara Micro 6, like {@link ChatScenarioIT}): a lone surrogate sent as a JSON escape
 * (valid JSON, valid UTF-8 on the wire) is refused with an error frame and harms no one; a
 * non-ASCII nick arrives intact; a query that does not decode strictly as UTF-8 is refused with
 * HTTP 400 before the upgrade.
 */
class UnicodeIT extends OnContainer {

    /** How long "nothing arrives" is watched for. */
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final AtomicInteger ROOMS = new AtomicInteger();

    /**
     * The JSON escape {@code \ud800} in a message's text or cid: the sender gets an error frame,
     * the other member gets nothing, nobody is closed, nothing is stored, and a later joiner is
     * welcomed with the room's history intact.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "text|{\"type\":\"message\",\"text\":\"a\\ud800b\",\"cid\":\"c-bad\"}",
        "cid|{\"type\":\"message\",\"text\":\"hidden\",\"cid\":\"\\ud800\"}",
    })
    void aLoneSurrogateIsRefusedWithAnErrorAndHurtsNoOne(String field, String frame) throws Exception {
        String room = "surrogate-" + field + "-" + ROOMS.incrementAndGet();
        try (JdkChatClient ann = JdkChatClient.connect(ws(room, "nick=ann"));
                JdkChatClient bob = JdkChatClient.connect(ws(room, "nick=bob"))) {
            first(ann, "welcome");
            first(bob, "welcome");
            String before = post(ann, "before", "c-before");
            bob.awaitType("message", WAIT);

            ann.send(frame);
            Map<String, Object> error = ann.await(f -> "error".equals(JsonFrames.type(f))
                    || "message".equals(JsonFrames.type(f)), "an answer to the bad frame", WAIT);
            assertEquals("error", JsonFrames.type(error), "the sender's answer: " + error);
            assertEquals("bad_request", error.get("code"), "error: " + error);
            assertNoFrame(bob, "message", "the other member must not see the refused message");
            assertNull(ann.closeCode(), "the sender stays connected (" + ann.closeReason() + ")");
            assertNull(bob.closeCode(), "the other member stays connected (" + bob.closeReason() + ")");

            String after = post(ann, "after", "c-after");
            assertEquals("after", bob.awaitType("message", WAIT).get("text"), "the room still works");

            try (JdkChatClient carl = JdkChatClient.connect(ws(room, "nick=carl"))) {
                Map<String, Object> welcome = first(carl, "welcome");
                List<Object> history = JsonFrames.list(welcome, "history");
                assertEquals(List.of(before, after), ids(history), "history holds exactly the good messages: " + welcome);
            }
        }
    }

    /** Nicks sent percent-encoded as UTF-8 arrive as sent, on every container. */
    @ParameterizedTest
    @ValueSource(strings = {"J\u00fcrgen", "\u674e\u96f7", "Zo\u00eb \uD83D\uDE00"})
    void aNonAsciiNickArrivesIntact(String nick) throws Exception {
        String room = "nicks-" + ROOMS.incrementAndGet();
        String query = "nick=" + percentEncode(nick);
        try (JdkChatClient c = JdkChatClient.connect(ws(room, query))) {
            Map<String, Object> welcome = first(c, "welcome");
            assertEquals(nick, welcome.get("you"), "welcome: " + welcome);
            assertNoFrame(c, "error", "no bad_nick error follows");
        }
    }

    /**
     * Bad percent-escapes and percent-encoded bytes that are not UTF-8 (a broken sequence, an
     * encoded surrogate, an overlong form) are refused with 400 before the upgrade.
     */
    @ParameterizedTest
    @ValueSource(strings = {"nick=%", "nick=%zz", "nick=%e", "nick=ann%", "nick=%C3%28", "nick=%ED%A0%80",
            "nick=%C0%AF", "nick=%F4%90%80%80", "since=%FF"})
    void aBadQueryIsRefusedWith400(String query) throws Exception {
        String room = "query-" + ROOMS.incrementAndGet();
        assertEquals(400, handshakeStatus("ws/" + room + "?" + query), "HTTP status for ?" + query);
    }

    @Test
    void aRepeatedParameterIsRefusedWith400() throws Exception {
        String room = "query-" + ROOMS.incrementAndGet();
        assertEquals(400, handshakeStatus("ws/" + room + "?nick=ann&nick=bob"), "HTTP status for two nicks");
        assertEquals(101, handshakeStatus("ws/" + room + "?nick=ann&x=1"), "an unknown parameter is ignored");
    }

    /** No frame of {@code type} arrives while frames keep coming less than {@link #QUIET} apart. */
    private static void assertNoFrame(JdkChatClient client, String type, String why) throws InterruptedException {
        String frame;
        while ((frame = client.poll(QUIET)) != null) {
            assertFalse(type.equals(JsonFrames.type(JsonFrames.parse(frame))), why + ": " + frame);
        }
    }

    /** Posts {@code text} with {@code cid} and returns the id of the sender's copy. */
    private static String post(JdkChatClient client, String text, String cid) throws InterruptedException {
        client.send("{\"type\":\"message\",\"text\":\"" + text + "\",\"cid\":\"" + cid + "\"}");
        Map<String, Object> own = client.await(f -> "message".equals(JsonFrames.type(f)) && cid.equals(f.get("cid")),
                "own copy of " + cid, WAIT);
        return (String) own.get("id");
    }

    private static Map<String, Object> first(JdkChatClient client, String type) throws InterruptedException {
        Map<String, Object> frame = JsonFrames.parse(client.next(WAIT));
        assertEquals(type, JsonFrames.type(frame), "first frame: " + frame);
        return frame;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(List<Object> messages) {
        return messages.stream().map(m -> ((Map<String, Object>) m).get("id")).toList();
    }

    /** Every byte of the UTF-8 form as %XX, so that no client or container reinterprets it. */
    private static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(String.format("%02X", x & 0xFF));
        }
        return b.toString();
    }

    /**
     * The HTTP status of a WebSocket upgrade request for {@code path} (relative to the app, query
     * included, sent as is), on a raw socket: the JDK's clients refuse to send a bad escape.
     */
    private int handshakeStatus(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            String request = "GET " + base.getPath() + path + " HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = statusLine(socket.getInputStream());
            assertTrue(status.startsWith("HTTP/1.1 "), "status line: " + status);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

}
