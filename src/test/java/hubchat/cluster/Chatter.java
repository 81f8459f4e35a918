package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.testing.ChatNode;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One chat client of the cluster tests, connected to one node: it reads every frame it is sent
 * and keeps each, by kind and in arrival order (message, presence, error frames), so that a
 * test can count exactly what arrived rather than skip to what it hopes for. Not thread-safe:
 * one thread at a time uses it (a sender's thread during a phase, the test's after it).
 */
final class Chatter implements AutoCloseable {

    /** Longest wait for a frame that must come when nothing is failing. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final String name;
    private final JdkChatClient client;
    private final Map<String, Object> welcome;
    private final List<Map<String, Object>> messages = new ArrayList<>();
    private final List<Map<String, Object>> presence = new ArrayList<>();
    private final List<Map<String, Object>> errors = new ArrayList<>();
    /** Presence frames before this index were taken by {@link #awaitPresence}. */
    private int presenceTaken;

    private Chatter(String name, JdkChatClient client, Map<String, Object> welcome) {
        this.name = name;
        this.client = client;
        this.welcome = welcome;
    }

    /** Joins {@code room} on {@code node} as {@code nick} and takes the welcome. */
    static Chatter join(ChatNode node, String room, String nick) throws Exception {
        return connect(node, room, "nick=" + encode(nick));
    }

    /** Joins as {@code nick} resuming after {@code since} (the last message id it saw). */
    static Chatter rejoin(ChatNode node, String room, String nick, String since) throws Exception {
        return connect(node, room, "nick=" + encode(nick) + "&since=" + encode(since));
    }

    /** Comes back as {@code was} would after losing its connection: its nick, {@code since} and the resume secret of its welcome. */
    static Chatter resume(ChatNode node, String room, Chatter was, String since) throws Exception {
        return connect(node, room, "nick=" + encode(was.you()) + "&since=" + encode(since)
                + "&resume=" + encode((String) was.welcome.get("resume")));
    }

    /** Joins {@code room} on {@code node} as the user {@code token} (a signed token) proves, and takes the welcome. */
    static Chatter joinWithToken(ChatNode node, String room, String token) throws Exception {
        return connect(node, room, "token=" + encode(token));
    }

    private static Chatter connect(ChatNode node, String room, String query) throws Exception {
        JdkChatClient client = JdkChatClient.connect(node.url(room, query));
        Map<String, Object> first = JsonFrames.parse(client.next(WAIT));
        assertEquals("welcome", JsonFrames.type(first), "the first frame must be the welcome: " + first);
        return new Chatter(first.get("you") + "@" + node.name(), client, first);
    }

    /** The nick the server gave. */
    String you() {
        return (String) welcome.get("you");
    }

    Map<String, Object> welcome() {
        return welcome;
    }

    /** The ids of the welcome's history, oldest first. */
    List<String> historyIds() {
        return ids(JsonFrames.objects(welcome, "history"));
    }

    List<String> members() {
        return JsonFrames.strings(welcome, "members");
    }

    /** The nicks a presence frame names in {@code list} ("joined" or "left"). */
    static List<String> named(Map<String, Object> presence, String list) {
        return JsonFrames.strings(presence, list);
    }

    /** Every message frame received after the welcome, in arrival order. */
    List<Map<String, Object>> messages() {
        return messages;
    }

    /** The ids of {@link #messages()}. */
    List<String> messageIds() {
        return ids(messages);
    }

    List<Map<String, Object>> presence() {
        return presence;
    }

    List<Map<String, Object>> errors() {
        return errors;
    }

    void send(String text, String cid) {
        client.send("{\"type\":\"message\",\"text\":" + JsonFrames.quote(text) + ",\"cid\":" + JsonFrames.quote(cid) + "}");
    }

    /** Sends {@code text} with {@code cid} and waits for its own copy; fails on any other answer. Returns the id. */
    String post(String text, String cid) throws InterruptedException {
        send(text, cid);
        Map<String, Object> answer = answer(cid, WAIT);
        if (answer == null || !"message".equals(JsonFrames.type(answer))) {
            throw new AssertionError(name + ": no own copy of " + cid + " within " + WAIT + ", got " + answer);
        }
        return (String) answer.get("id");
    }

    /**
     * The answer to the message with {@code cid}: its own copy (a message frame carrying the cid)
     * or an error frame (one naming another cid is kept but passed over), whichever comes first;
     * null if neither comes within {@code wait}.
     */
    Map<String, Object> answer(String cid, Duration wait) throws InterruptedException {
        return readUntil(f -> switch (String.valueOf(JsonFrames.type(f))) {
            case "message" -> cid.equals(f.get("cid"));
            case "error" -> !f.containsKey("cid") || cid.equals(f.get("cid"));
            default -> false;
        }, wait);
    }

    /** Reads until at least {@code count} messages have arrived; fails after {@code wait}. */
    void awaitMessages(int count, Duration wait) throws InterruptedException {
        if (messages.size() < count && readUntil(f -> messages.size() >= count, wait) == null) {
            throw new AssertionError(name + ": " + messages.size() + " messages within " + wait + ", expected "
                    + count + describeClose());
        }
    }

    /** Reads until a message with {@code id} has arrived (maybe earlier); fails after {@code wait}. */
    void awaitMessage(String id, Duration wait) throws InterruptedException {
        if (!messageIds().contains(id) && readUntil(f -> id.equals(f.get("id")), wait) == null) {
            throw new AssertionError(name + ": message " + id + " not here within " + wait + describeClose());
        }
    }

    /**
     * The first presence frame not taken yet that matches {@code condition}, read if need be;
     * it and the ones before it are then taken. Fails after {@code wait}.
     */
    Map<String, Object> awaitPresence(Predicate<Map<String, Object>> condition, String what, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            while (presenceTaken < presence.size()) {
                Map<String, Object> frame = presence.get(presenceTaken++);
                if (condition.test(frame)) {
                    return frame;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + ": no presence frame with " + what + " within " + wait
                        + "; presence frames: " + presence + describeClose());
            }
            readOne(Duration.ofNanos(left));
        }
    }

    /** {@link #awaitPresence} of a frame announcing that {@code nick} joined. */
    Map<String, Object> awaitJoined(String nick) throws InterruptedException {
        return awaitPresence(f -> named(f, "joined").contains(nick), nick + " joined", WAIT);
    }

    /** {@link #awaitPresence} of a frame announcing that {@code nick} left. */
    Map<String, Object> awaitLeft(String nick) throws InterruptedException {
        return awaitPresence(f -> named(f, "left").contains(nick), nick + " left", WAIT);
    }

    /** Reads (and keeps) whatever arrives for {@code quiet}: to see that nothing more comes. */
    void settle(Duration quiet) throws InterruptedException {
        readUntil(f -> false, quiet);
    }

    boolean isOpen() {
        return client.closeCode() == null;
    }

    /** The close code, waiting for it. */
    int awaitClose(Duration wait) throws InterruptedException {
        return client.awaitClose(wait);
    }

    /** The reason of the close the server sent, once closed. */
    String closeReason() {
        return client.closeReason();
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return name;
    }

    /** Reads frames until one matches {@code stop} (returned) or {@code wait} passes (null). */
    private Map<String, Object> readUntil(Predicate<Map<String, Object>> stop, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Map<String, Object> frame = readOne(Duration.ofNanos(left));
            if (frame != null && stop.test(frame)) {
                return frame;
            }
        }
    }

    /** Reads one frame and files it by kind; null if none came in time. */
    private Map<String, Object> readOne(Duration wait) throws InterruptedException {
        String raw = client.poll(wait);
        if (raw == null) {
            return null;
        }
        Map<String, Object> frame = JsonFrames.parse(raw);
        switch (String.valueOf(JsonFrames.type(frame))) {
            case "message" -> messages.add(frame);
            case "presence" -> presence.add(frame);
            case "error" -> errors.add(frame);
            default -> {
                // nick, typing: not counted by these tests
            }
        }
        return frame;
    }

    private String describeClose() {
        Integer code = client.closeCode();
        return code == null ? "" : "; closed with " + code + " " + client.closeReason();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<String> ids(List<Map<String, Object>> frames) {
        List<String> ids = new ArrayList<>(frames.size());
        frames.forEach(f -> ids.add((String) f.get("id")));
        return ids;
    }
}
