package hubchat.endpoint;

import static hubchat.testing.JsonFrames.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Shorthands shared by the endpoint tests: frames to send, and waiting for frames to come. */
final class Chat {
    /** Longest wait for a frame that must come. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final AtomicInteger CIDS = new AtomicInteger();

    private Chat() {
    }

    /** A room name no other test uses. */
    static String freshRoom(String prefix) {
        return prefix + "-" + ROOMS.incrementAndGet();
    }

    /** A query string value, encoded so that the server decodes it back to {@code value} exactly. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static JdkChatClient join(TyrusChatServer server, String room, String nick) throws Exception {
        return server.connect(room, nick == null ? null : "nick=" + encode(nick));
    }

    /** The first frame, which must be the welcome. */
    static Map<String, Object> welcome(JdkChatClient client) throws InterruptedException {
        Map<String, Object> frame = JsonFrames.parse(client.next(WAIT));
        assertEquals("welcome", JsonFrames.type(frame), "the first frame must be the welcome: " + frame);
        return frame;
    }

    /** Joins and takes the welcome. */
    static JdkChatClient joined(TyrusChatServer server, String room, String nick) throws Exception {
        JdkChatClient client = join(server, room, nick);
        welcome(client);
        return client;
    }

    static String message(String text) {
        return "{\"type\":\"message\",\"text\":" + quote(text) + "}";
    }

    static String message(String text, String cid) {
        return "{\"type\":\"message\",\"text\":" + quote(text) + ",\"cid\":" + quote(cid) + "}";
    }

    /** Sends {@code text} and waits for the sender's own copy (the one with its cid); returns it. */
    static Map<String, Object> post(JdkChatClient client, String text) throws InterruptedException {
        String cid = "c" + CIDS.incrementAndGet();
        client.send(message(text, cid));
        return client.await(f -> "message".equals(JsonFrames.type(f)) && cid.equals(f.get("cid")),
                "own message with cid " + cid, WAIT);
    }

    /** Posts {@code texts} in order, each acknowledged before the next; returns their ids. */
    static List<String> postAll(JdkChatClient client, List<String> texts) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (String text : texts) {
            ids.add((String) post(client, text).get("id"));
        }
        return ids;
    }

    /** The next {@code n} message frames, other types skipped. */
    static List<Map<String, Object>> messages(JdkChatClient client, int n) throws InterruptedException {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(client.awaitType("message", WAIT));
        }
        return out;
    }

    /** The next error frame, which must come before any message frame. */
    static Map<String, Object> error(JdkChatClient client) throws InterruptedException {
        Map<String, Object> frame = client.await(f -> "error".equals(JsonFrames.type(f))
                || "message".equals(JsonFrames.type(f)), "an error frame", WAIT);
        assertEquals("error", JsonFrames.type(frame), "expected an error frame, got " + frame);
        return frame;
    }

    /** The connection is open and usable: a message makes the round trip. */
    static void assertStillWorks(JdkChatClient client) throws InterruptedException {
        assertEquals("still here", post(client, "still here").get("text"));
        assertNull(client.closeCode(), "the connection must stay open");
    }

    static List<String> strings(Map<String, Object> frame, String field) {
        return JsonFrames.strings(frame, field);
    }

    static List<Map<String, Object>> objects(Map<String, Object> frame, String field) {
        return JsonFrames.objects(frame, field);
    }

    static List<Object> field(List<Map<String, Object>> frames, String field) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> f : frames) {
            out.add(f.get(field));
        }
        return out;
    }
}
