package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.ServerProcess;
import hubchat.testing.SystemProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real servers, Tomcat 11 and Payara Micro 6, sharing one real Redis ({@link TwoServers}),
 * chat as one room: clients of either server see every message of the room once, in one order,
 * the sender its own copy with its cid; history read on one server holds what was said on the
 * other; and a client that left one server resumes with {@code since} on the other without a gap.
 * Clients are real WebSockets ({@link JdkChatClient}); every test has rooms of its own.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
@OnTwoServers
class TwoServersOneRoomIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** How long a client must then stay without a further message frame: it got each once. */
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final AtomicInteger CIDS = new AtomicInteger();

    private final ServerProcess tomcat;
    private final ServerProcess payara;
    private final List<JdkChatClient> clients = new ArrayList<>();

    TwoServersOneRoomIT(TwoServers servers) {
        this.tomcat = servers.tomcat();
        this.payara = servers.payara();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(JdkChatClient::close);
    }

    @Test
    void everyClientOnEitherServerGetsEveryMessageOnceInOneOrderAndTheSenderItsCid() throws Exception {
        int each = 20;
        Map<String, JdkChatClient> people = new LinkedHashMap<>();
        people.put("ann", join(tomcat, "one-order", "ann"));
        people.put("bob", join(payara, "one-order", "bob"));
        people.put("cat", join(tomcat, "one-order", "cat"));
        people.put("dan", join(payara, "one-order", "dan"));

        // Everyone at once, so both servers append to the room at the same time.
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (Map.Entry<String, JdkChatClient> p : people.entrySet()) {
                p.getValue().send(message(p.getKey() + " " + i, p.getKey() + "-" + i));
                sent.add(p.getKey() + " " + i);
            }
        }
        Collections.sort(sent);

        List<Object> order = null;
        for (Map.Entry<String, JdkChatClient> p : people.entrySet()) {
            String me = p.getKey();
            List<Map<String, Object>> got = messages(p.getValue(), each * people.size());
            List<Object> ids = got.stream().map(m -> m.get("id")).toList();
            assertEquals(ids.size(), new HashSet<>(ids).size(), me + " got a message twice: " + ids);
            assertEquals(sent, got.stream().map(m -> (String) m.get("text")).sorted().toList(), me + " got every message");
            for (Map<String, Object> m : got) {
                String from = (String) m.get("from");
                String text = (String) m.get("text");
                assertTrue(text.startsWith(from + " "), "from and text agree: " + m);
                Object expectedCid = from.equals(me) ? from + "-" + text.substring(from.length() + 1) : null;
                assertEquals(expectedCid, m.get("cid"), me + ": only the sender's own copy carries its cid: " + m);
            }
            if (order == null) {
                order = ids;
            } else {
                assertEquals(order, ids, me + " (on " + serverOf(me) + ") sees the room in the same order as ann");
            }
        }
        for (JdkChatClient client : people.values()) {
            assertNoMoreMessages(client);
        }
    }

    @Test
    void historyReadOnOneServerHoldsWhatWasSaidOnTheOther() throws Exception {
        JdkChatClient bob = join(payara, "history-across", "bob");
        List<Object> ids = new ArrayList<>();
        for (String text : List.of("first on payara", "second on payara", "third on payara")) {
            ids.add(say(bob, text));
        }

        JdkChatClient ann = connect(tomcat, "history-across", "nick=ann");
        Map<String, Object> welcome = ann.awaitType("welcome", WAIT);
        assertEquals(ids, idsOf(JsonFrames.list(welcome, "history")), "Tomcat's welcome has Payara's messages: " + welcome);
        assertEquals(List.of("first on payara", "second on payara", "third on payara"),
                textsOf(JsonFrames.list(welcome, "history")));

        ids.add(say(ann, "fourth, on tomcat"));
        JdkChatClient cat = connect(payara, "history-across", "nick=cat");
        assertEquals(ids, idsOf(JsonFrames.list(cat.awaitType("welcome", WAIT), "history")),
                "and Payara's welcome has Tomcat's");

        // A page of older history, asked of Tomcat, before the last message.
        ann.send("{\"type\":\"history\",\"before\":\"" + ids.get(3) + "\",\"limit\":2}");
        Map<String, Object> page = ann.awaitType("history", WAIT);
        assertEquals(ids.subList(1, 3), idsOf(JsonFrames.list(page, "messages")), "history before the fourth: " + page);
    }

    @Test
    void aClientThatLeftTomcatResumesOnPayaraWithSinceAndMissesNothing() throws Exception {
        JdkChatClient dan = join(payara, "resume-across", "dan");
        JdkChatClient ann = join(tomcat, "resume-across", "ann");
        JdkChatClient eve = join(tomcat, "resume-across", "eve");
        String m1 = say(dan, "before ann left");
        assertEquals(m1, ann.awaitType("message", WAIT).get("id"), "ann saw the first message");
        ann.close();

        // While ann is away, both servers take messages.
        String m2 = say(dan, "while ann was away, on payara");
        String m3 = say(eve, "while ann was away, on tomcat");

        JdkChatClient back = connect(payara, "resume-across", "nick=ann&since=" + m1);
        Map<String, Object> welcome = back.awaitType("welcome", WAIT);
        assertEquals(Boolean.TRUE, welcome.get("resumed"), "Payara knows Tomcat's message id: " + welcome);
        assertEquals(List.of(m2, m3), idsOf(JsonFrames.list(welcome, "history")), "exactly what ann missed");

        String m4 = say(eve, "welcome back, from tomcat");
        assertEquals(List.of(m4), idsOf(messages(back, 1)), "and she goes on live");
        assertNoMoreMessages(back);
    }

    // ---- helpers ----

    private JdkChatClient connect(ServerProcess server, String room, String query) throws Exception {
        JdkChatClient client = JdkChatClient.connect(server.ws(room, query));
        clients.add(client);
        return client;
    }

    private JdkChatClient join(ServerProcess server, String room, String nick) throws Exception {
        JdkChatClient client = connect(server, room, "nick=" + nick);
        Map<String, Object> welcome = client.awaitType("welcome", WAIT);
        assertEquals(nick, welcome.get("you"), "a nick of its own: " + welcome);
        return client;
    }

    private String serverOf(String nick) {
        return List.of("ann", "cat").contains(nick) ? tomcat.name() : payara.name();
    }

    private static String message(String text, String cid) {
        return "{\"type\":\"message\",\"text\":" + JsonFrames.quote(text) + ",\"cid\":" + JsonFrames.quote(cid) + "}";
    }

    /** Posts {@code text} and returns its id, from the sender's own copy (the one with the cid). */
    private static String say(JdkChatClient client, String text) throws InterruptedException {
        String cid = "c-" + CIDS.incrementAndGet();
        client.send(message(text, cid));
        Map<String, Object> own = client.await(f -> "message".equals(f.get("type")) && cid.equals(f.get("cid")),
                "own copy of '" + text + "'", WAIT);
        return (String) own.get("id");
    }

    /** The next {@code count} message frames (other frames skipped). */
    private static List<Map<String, Object>> messages(JdkChatClient client, int count) throws InterruptedException {
        List<Map<String, Object>> got = new ArrayList<>();
        while (got.size() < count) {
            got.add(client.awaitType("message", WAIT));
        }
        return got;
    }

    /** No further message frame comes within {@link #QUIET}. */
    private static void assertNoMoreMessages(JdkChatClient client) throws InterruptedException {
        long end = System.nanoTime() + QUIET.toNanos();
        for (long left = QUIET.toNanos(); left > 0; left = end - System.nanoTime()) {
            String frame = client.poll(Duration.ofNanos(left));
            if (frame != null) {
                assertFalse("message".equals(JsonFrames.type(JsonFrames.parse(frame))), "one copy too many: " + frame);
            }
        }
    }

    private static List<Object> idsOf(List<?> messages) {
        return messages.stream().map(m -> (Object) ((Map<?, ?>) m).get("id")).toList();
    }

    private static List<Object> textsOf(List<?> messages) {
        return messages.stream().map(m -> (Object) ((Map<?, ?>) m).get("text")).toList();
    }
}
