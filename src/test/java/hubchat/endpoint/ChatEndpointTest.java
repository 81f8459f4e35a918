package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.encode;
import static hubchat.endpoint.Chat.field;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.join;
import static hubchat.endpoint.Chat.joined;
import static hubchat.endpoint.Chat.message;
import static hubchat.endpoint.Chat.messages;
import static hubchat.endpoint.Chat.objects;
import static hubchat.endpoint.Chat.post;
import static hubchat.endpoint.Chat.postAll;
import static hubchat.endpoint.Chat.strings;
import static hubchat.endpoint.Chat.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol of docs/protocol.md, through real WebSockets against the real endpoint on Tyrus'
 * Grizzly server, with Weld SE for CDI: welcome, fan-out and order, presence, nicks, typing,
 * history and resume. Error frames and close codes are in {@link EndpointErrorsTest}; flood,
 * slow consumers, room limit and liveness each have their own server with their own settings.
 */
class ChatEndpointTest {
    private static final long PRESENCE_WINDOW_MS = 100;

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.PRESENCE_WINDOW_MS, PRESENCE_WINDOW_MS);

    // ---- welcome ------------------------------------------------------------------------------

    @Test
    void welcomeIsTheFirstFrameAndDescribesTheRoomAndItsMembers() throws Exception {
        String room = freshRoom("welcome");
        try (JdkChatClient ann = join(SERVER, room, "ann")) {
            Map<String, Object> w = welcome(ann);
            assertEquals(room, w.get("room"));
            assertEquals("ann", w.get("you"));
            assertEquals(List.of("ann"), strings(w, "members"));
            assertEquals(1L, w.get("memberCount"));
            assertEquals(List.of(), JsonFrames.list(w, "history"));
            assertEquals(Boolean.FALSE, w.get("resumed"));

            try (JdkChatClient bob = join(SERVER, room, "bob")) {
                Map<String, Object> wb = welcome(bob);
                assertEquals("bob", wb.get("you"));
                assertEquals(Set.of("bob", "ann"), new HashSet<>(strings(wb, "members")), "everyone, you included");
                assertEquals(2, strings(wb, "members").size());
                assertEquals(2L, wb.get("memberCount"));
            }
        }
    }

    @Test
    void welcomeHistoryIsTheLast50MessagesOldestFirst() throws Exception {
        String room = freshRoom("welcome-history");
        List<String> texts = IntStream.rangeClosed(1, 60).mapToObj(i -> "m" + i).toList();
        List<String> ids;
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            ids = postAll(ann, texts);
        }
        try (JdkChatClient carl = join(SERVER, room, "carl")) {
            Map<String, Object> w = welcome(carl);
            List<Map<String, Object>> history = objects(w, "history");
            assertEquals(texts.subList(10, 60), field(history, "text"));
            assertEquals(ids.subList(10, 60), field(history, "id"));
            for (Map<String, Object> m : history) {
                assertEquals("message", m.get("type"));
                assertEquals(room, m.get("room"));
                assertEquals("ann", m.get("from"));
                assertInstanceOf(Long.class, m.get("ts"));
                assertFalse(m.containsKey("cid"), "history never carries cids: " + m);
            }
            assertEquals(Boolean.FALSE, w.get("resumed"));
        }
    }

    // ---- messages -----------------------------------------------------------------------------

    @Test
    void messageGoesToEveryMemberAndOnlyTheSendersCopyCarriesCid() throws Exception {
        String room = freshRoom("fanout");
        try (JdkChatClient ann = joined(SERVER, room, "ann");
             JdkChatClient bob = joined(SERVER, room, "bob");
             JdkChatClient carl = joined(SERVER, room, "carl")) {
            long before = System.currentTimeMillis();
            ann.send(message("  hello  ", "c-17"));
            Map<String, Object> own = ann.awaitType("message", WAIT);
            Map<String, Object> atBob = bob.awaitType("message", WAIT);
            Map<String, Object> atCarl = carl.awaitType("message", WAIT);

            assertEquals("c-17", own.get("cid"), "the sender's copy is its acknowledgement");
            assertFalse(atBob.containsKey("cid"), "others get no cid: " + atBob);
            assertFalse(atCarl.containsKey("cid"), "others get no cid: " + atCarl);
            for (Map<String, Object> m : List.of(own, atBob, atCarl)) {
                assertEquals(own.get("id"), m.get("id"));
                assertEquals(room, m.get("room"));
                assertEquals("ann", m.get("from"));
                assertEquals("hello", m.get("text"), "text is trimmed");
                long ts = (Long) m.get("ts");
                assertTrue(ts >= before - 1000 && ts <= System.currentTimeMillis() + 1000, "ts is epoch millis: " + ts);
            }

            bob.send(message("no cid here"));
            for (JdkChatClient c : List.of(ann, bob, carl)) {
                Map<String, Object> m = c.awaitType("message", WAIT);
                assertEquals("no cid here", m.get("text"));
                assertFalse(m.containsKey("cid"), "no cid sent, none echoed: " + m);
            }
        }
    }

    @Test
    void resendingACidIsAcknowledgedWithTheOriginalMessageAndStoredOnce() throws Exception {
        String room = freshRoom("resend");
        try (JdkChatClient bob = joined(SERVER, room, "bob")) {
            String id;
            try (JdkChatClient ann = joined(SERVER, room, "ann")) {
                bob.await(f -> isPresence(f) && strings(f, "joined").contains("ann"), "presence: ann joined", WAIT);
                ann.send(message("hello once", "r-1"));
                Map<String, Object> first = ann.awaitType("message", WAIT);
                id = (String) first.get("id");
                assertEquals(id, bob.awaitType("message", WAIT).get("id"));

                ann.send(message("hello once", "r-1")); // the same cid again, same connection
                Map<String, Object> again = ann.awaitType("message", WAIT);
                assertEquals(id, again.get("id"), "the original message is the acknowledgement");
                assertEquals("r-1", again.get("cid"));
                assertEquals("hello once", again.get("text"));
            }
            // The old ann is gone (her nick is free again) once her leave is announced.
            bob.await(f -> isPresence(f) && strings(f, "left").contains("ann"), "presence: ann left", WAIT);

            // After a reconnect, under the same nick.
            try (JdkChatClient ann = join(SERVER, room, "ann")) {
                assertEquals("ann", welcome(ann).get("you"));
                ann.send(message("hello once", "r-1"));
                Map<String, Object> ack = ann.awaitType("message", WAIT);
                assertEquals(id, ack.get("id"), "a re-send after a reconnect is stored once");
                assertEquals("r-1", ack.get("cid"));

                // The same cid from someone else is their own, new message.
                bob.send(message("bob's", "r-1"));
                Map<String, Object> bobs = bob.awaitType("message", WAIT);
                assertNotEquals(id, bobs.get("id"));
                assertEquals("bob's", bobs.get("text"), "bob saw no copy of ann's re-sends, only his own");
                assertEquals(bobs.get("id"), ann.awaitType("message", WAIT).get("id"));

                ann.send("{\"type\":\"history\"}");
                assertEquals(List.of("hello once", "bob's"), field(history(ann), "text"), "stored once");
            }
        }
    }

    @Test
    void everyMemberSeesConcurrentSendersMessagesInTheSameOrder() throws Exception {
        String room = freshRoom("order");
        int senders = 3;
        int each = 50;
        List<JdkChatClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int s = 0; s < senders; s++) {
                clients.add(joined(SERVER, room, "s" + s));
            }
            clients.add(joined(SERVER, room, "r1"));
            clients.add(joined(SERVER, room, "r2"));

            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                JdkChatClient sender = clients.get(s);
                String prefix = "s" + s + ":";
                sending.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        sender.send(message(prefix + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get();
            }

            List<Object> reference = null;
            for (JdkChatClient c : clients) {
                List<Map<String, Object>> got = messages(c, senders * each);
                List<Object> ids = field(got, "id");
                assertEquals(senders * each, new HashSet<>(ids).size(), "ids are unique");
                if (reference == null) {
                    reference = ids;
                } else {
                    assertEquals(reference, ids, "every member sees the same order");
                }
                for (int s = 0; s < senders; s++) {
                    String prefix = "s" + s + ":";
                    List<Object> own = field(got, "text").stream().filter(t -> ((String) t).startsWith(prefix)).toList();
                    assertEquals(IntStream.range(0, each).mapToObj(i -> prefix + i).toList(), own,
                            "each sender's messages keep their order");
                }
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(JdkChatClient::close);
        }
    }

    // ---- presence -----------------------------------------------------------------------------

    @Test
    void othersAreToldOfJoinsAndLeavesWithTheMemberCount() throws Exception {
        String room = freshRoom("presence");
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            Thread.sleep(3 * PRESENCE_WINDOW_MS); // ann's own join is announced in a window of its own
            try (JdkChatClient bob = joined(SERVER, room, "bob")) {
                Map<String, Object> p = ann.await(f -> isPresence(f) && strings(f, "joined").contains("bob"),
                        "presence: bob joined", WAIT);
                assertEquals(List.of("bob"), strings(p, "joined"));
                assertEquals(List.of(), strings(p, "left"));
                assertEquals(2L, p.get("memberCount"));
            }
            Map<String, Object> p = ann.await(f -> isPresence(f) && strings(f, "left").contains("bob"),
                    "presence: bob left", WAIT);
            assertEquals(List.of("bob"), strings(p, "left"));
            assertEquals(List.of(), strings(p, "joined"));
            assertEquals(1L, p.get("memberCount"));
        }
    }

    /**
     * docs/protocol.md: "Apply the lists as set updates: a frame may name people you already know
     * from your welcome, including yourself". Done that way, everyone ends up with the true list.
     */
    @Test
    void welcomeMembersUpdatedWithPresenceFramesAsSetsGiveEveryoneTheTrueMemberList() throws Exception {
        String room = freshRoom("presence-sets");
        List<JdkChatClient> clients = new ArrayList<>();
        List<Set<String>> views = new ArrayList<>();
        try {
            for (String nick : List.of("ann", "bob", "carl")) {
                JdkChatClient c = join(SERVER, room, nick);
                clients.add(c);
                views.add(new HashSet<>(strings(welcome(c), "members")));
            }
            Set<String> all = Set.of("ann", "bob", "carl");
            for (int i = 0; i < clients.size(); i++) {
                settle(clients.get(i), views.get(i), all);
            }
            clients.remove(2).close();
            views.remove(2);
            for (int i = 0; i < clients.size(); i++) {
                settle(clients.get(i), views.get(i), Set.of("ann", "bob"));
            }
        } finally {
            clients.forEach(JdkChatClient::close);
        }
    }

    /** Applies presence frames to {@code view} until it equals {@code expected} with a matching memberCount. */
    private static void settle(JdkChatClient c, Set<String> view, Set<String> expected) throws InterruptedException {
        if (view.equals(expected)) {
            return; // e.g. the last to join: its welcome already said it all
        }
        long giveUp = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < giveUp) {
            Map<String, Object> p = c.awaitType("presence", WAIT);
            view.addAll(strings(p, "joined"));
            view.removeAll(strings(p, "left"));
            if (view.equals(expected)) {
                assertEquals((long) expected.size(), p.get("memberCount"), "memberCount matches the list: " + p);
                return;
            }
        }
        throw new AssertionError("member list never became " + expected + ": " + view);
    }

    @Test
    void reloadInsideTheWindowAnnouncesNothing() throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            String room = freshRoom("presence-reload");
            try (JdkChatClient ann = joined(SERVER, room, "ann")) {
                JdkChatClient bob = joined(SERVER, room, "bob");
                try {
                    ann.await(f -> isPresence(f) && strings(f, "joined").contains("bob"), "presence: bob joined", WAIT);
                    Thread.sleep(2 * PRESENCE_WINDOW_MS);
                    int before = SERVER.hub().connectionCount();
                    long start = System.nanoTime();
                    bob.close();
                    awaitConnectionCount(before - 1); // the leave has reached the hub
                    bob = join(SERVER, room, "bob");
                    assertEquals("bob", welcome(bob).get("you"), "the old bob is gone: the nick is free");
                    long tookMs = (System.nanoTime() - start) / 1_000_000;
                    if (tookMs >= PRESENCE_WINDOW_MS * 7 / 10) {
                        continue; // the leave may have been announced already: try again
                    }
                    ann.send(message("probe", "p"));
                    Thread.sleep(3 * PRESENCE_WINDOW_MS);
                    ann.send(message("probe 2", "p2"));
                    Map<String, Object> f = ann.await(x -> "p2".equals(x.get("cid")) || isPresence(x), "probe 2", WAIT);
                    assertEquals("p2", f.get("cid"), "a reload inside one window is not announced: " + f);
                    return;
                } finally {
                    bob.close();
                }
            }
        }
        Assumptions.abort("the machine was too slow to leave and come back inside one presence window");
    }

    @Test
    void joinsWithinThePresenceWindowAreMergedIntoOneFrame() throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            String room = freshRoom("presence-merge");
            try (JdkChatClient ann = joined(SERVER, room, "ann")) {
                Thread.sleep(3 * PRESENCE_WINDOW_MS); // let ann's own join window pass
                while (ann.poll(Duration.ZERO) != null) {
                    // drop whatever it produced
                }
                long start = System.nanoTime();
                List<RawWebSocket> raws = new ArrayList<>();
                try {
                    for (String nick : List.of("bob", "carl", "dave")) {
                        raws.add(RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=" + nick, 0));
                    }
                    for (RawWebSocket r : raws) {
                        r.readFrame(WAIT); // the welcome: the room has taken the join
                    }
                    long tookMs = (System.nanoTime() - start) / 1_000_000;
                    if (tookMs >= PRESENCE_WINDOW_MS * 8 / 10) {
                        continue; // too slow to be sure the joins shared one window: try again
                    }
                    Map<String, Object> p = ann.awaitType("presence", WAIT);
                    assertEquals(Set.of("bob", "carl", "dave"), new HashSet<>(strings(p, "joined")),
                            "three joins inside one window, one frame: " + p);
                    assertEquals(3, strings(p, "joined").size());
                    assertEquals(List.of(), strings(p, "left"));
                    assertEquals(4L, p.get("memberCount"));
                    String next = ann.poll(Duration.ofMillis(3 * PRESENCE_WINDOW_MS));
                    assertNull(next, "no second presence frame for those joins");
                    return;
                } finally {
                    for (RawWebSocket r : raws) {
                        r.close();
                    }
                }
            }
        }
        Assumptions.abort("the machine was too slow to make three joins inside one presence window");
    }

    @Test
    void someoneWhoJoinsAndLeavesInsideOneWindowIsInNeitherList() throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            String room = freshRoom("presence-blink");
            try (JdkChatClient ann = joined(SERVER, room, "ann")) {
                Thread.sleep(3 * PRESENCE_WINDOW_MS);
                while (ann.poll(Duration.ZERO) != null) {
                    // drop whatever it produced
                }
                int before = SERVER.hub().connectionCount();
                long start = System.nanoTime();
                try (RawWebSocket carl = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=carl", 0)) {
                    try (RawWebSocket eve = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=eve", 0)) {
                        eve.readFrame(WAIT); // welcome
                    }
                    carl.readFrame(WAIT);
                    awaitConnectionCount(before + 1); // eve's close has reached the hub
                    long tookMs = (System.nanoTime() - start) / 1_000_000;
                    if (tookMs >= PRESENCE_WINDOW_MS * 7 / 10) {
                        continue;
                    }
                    Map<String, Object> p = ann.awaitType("presence", WAIT);
                    assertEquals(List.of("carl"), strings(p, "joined"), "eve came and went unseen: " + p);
                    assertEquals(List.of(), strings(p, "left"), "eve came and went unseen: " + p);
                    assertEquals(2L, p.get("memberCount"));
                    return;
                }
            }
        }
        Assumptions.abort("the machine was too slow to join and leave inside one presence window");
    }

    // ---- nicks --------------------------------------------------------------------------------

    @Test
    void takenNickGetsANumberedSuffixCaseInsensitively() throws Exception {
        String room = freshRoom("nick-dup");
        // Each join is taken (welcome received) before the next one starts: joins race otherwise.
        try (JdkChatClient a1 = join(SERVER, room, "ann")) {
            assertEquals("ann", welcome(a1).get("you"));
            try (JdkChatClient a2 = join(SERVER, room, "ann")) {
                assertEquals("ann-2", welcome(a2).get("you"));
                try (JdkChatClient a3 = join(SERVER, room, "ANN")) {
                    assertEquals("ANN-3", welcome(a3).get("you"));
                }
                assertEquals("ann-2", post(a2, "hi").get("from"), "messages carry the name actually used");
            }
        }
    }

    @Test
    void suffixOnALongNickStillFitsIn32Characters() throws Exception {
        String room = freshRoom("nick-long");
        String nick = "n".repeat(32);
        try (JdkChatClient a = join(SERVER, room, nick)) {
            assertEquals(nick, welcome(a).get("you"), "32 characters is allowed");
            try (JdkChatClient b = join(SERVER, room, nick)) {
                assertEquals("n".repeat(30) + "-2", welcome(b).get("you"));
            }
        }
    }

    @Test
    void nickChangeIsAnnouncedToEveryoneIncludingTheChanger() throws Exception {
        String room = freshRoom("nick-change");
        try (JdkChatClient ann = joined(SERVER, room, "ann");
             JdkChatClient bob = joined(SERVER, room, "bob")) {
            ann.send("{\"type\":\"nick\",\"nick\":\"  annie  \"}");
            for (JdkChatClient c : List.of(ann, bob)) {
                Map<String, Object> n = c.awaitType("nick", WAIT);
                assertEquals(Map.of("type", "nick", "from", "ann", "to", "annie"), n);
            }
            assertEquals("annie", post(ann, "renamed").get("from"));

            ann.send("{\"type\":\"nick\",\"nick\":\"BOB\"}");
            for (JdkChatClient c : List.of(ann, bob)) {
                Map<String, Object> n = c.awaitType("nick", WAIT);
                assertEquals("annie", n.get("from"));
                assertEquals("BOB-2", n.get("to"), "a taken nick gets a suffix on a change too");
            }
            // The old nick is free again.
            try (JdkChatClient other = join(SERVER, room, "annie")) {
                assertEquals("annie", welcome(other).get("you"));
            }
        }
    }

    @Test
    void nickChangeToOwnNickIsSilentAndACaseChangeIsNoClash() throws Exception {
        String room = freshRoom("nick-self");
        try (JdkChatClient ann = joined(SERVER, room, "ann");
             JdkChatClient bob = joined(SERVER, room, "bob")) {
            ann.send("{\"type\":\"nick\",\"nick\":\"ann\"}");
            ann.send(message("same nick", "s1"));
            Map<String, Object> f = ann.await(x -> !"presence".equals(JsonFrames.type(x)), "the echo", WAIT);
            assertEquals("s1", f.get("cid"), "no nick frame for a change to the same nick: " + f);

            ann.send("{\"type\":\"nick\",\"nick\":\"Ann\"}");
            assertEquals(Map.of("type", "nick", "from", "ann", "to", "Ann"), bob.awaitType("nick", WAIT),
                    "one's own nick in another case is not taken");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "bell\u0007", "\u202Eevil", "zero\u200Bwidth", "line\u2028sep",
            "tab\tin", "123456789012345678901234567890123"})
    void invalidNickInANickFrameIsRefusedWithBadNickAndTheOldNickStays(String bad) throws Exception {
        String room = freshRoom("nick-bad");
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            ann.send("{\"type\":\"nick\",\"nick\":" + Chat.quote(bad) + "}");
            Map<String, Object> e = Chat.error(ann);
            assertEquals("bad_nick", e.get("code"), "error: " + e);
            assertInstanceOf(String.class, e.get("message"));
            assertEquals("ann", post(ann, "still ann").get("from"), "the old nick stays");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bell\u0007", "123456789012345678901234567890123", "\u202Eevil", "   ",
            "zero\u200Bwidth", "nul\u0000"})
    void invalidNickInTheHandshakeGivesAGuestNameAndABadNickErrorAfterTheWelcome(String bad) throws Exception {
        String room = freshRoom("nick-handshake");
        try (JdkChatClient c = join(SERVER, room, bad)) {
            Map<String, Object> w = welcome(c);
            assertTrue(((String) w.get("you")).matches("guest-\\d{4}"), "a guest name: " + w);
            Map<String, Object> e = JsonFrames.parse(c.next(WAIT));
            assertEquals("error", e.get("type"), "the bad_nick error right after the welcome: " + e);
            assertEquals("bad_nick", e.get("code"));
            Chat.assertStillWorks(c);
        }
    }

    @Test
    void noNickGivesAGuestNameWithoutAnError() throws Exception {
        String room = freshRoom("nick-none");
        try (JdkChatClient c = join(SERVER, room, null)) {
            Map<String, Object> w = welcome(c);
            assertTrue(((String) w.get("you")).matches("guest-\\d{4}"), "a guest name: " + w);
            Map<String, Object> echo = post(c, "first");
            assertEquals(w.get("you"), echo.get("from"));
            // post() skipped anything before the echo; nothing before it may have been an error.
        }
        try (JdkChatClient c = join(SERVER, room, null)) {
            welcome(c);
            c.send(message("probe", "p"));
            Map<String, Object> f = c.await(x -> !"presence".equals(JsonFrames.type(x)), "the echo", WAIT);
            assertEquals("message", f.get("type"), "no error for a missing nick: " + f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<script>alert(1)</script>", "Tom & \"Jerry\"", "a=b?c#d/e", "\uD83D\uDE00 ann",
            "'; DROP TABLE--", "名前"})
    void hostileLookingNamesAndTextsAreAcceptedAsPlainTextAndComeBackExactly(String name) throws Exception {
        String room = freshRoom("hostile");
        try (JdkChatClient c = join(SERVER, room, name);
             JdkChatClient other = joined(SERVER, room, "other")) {
            Map<String, Object> w = welcome(c);
            assertEquals(name, w.get("you"), "a legal nick, whatever it looks like");
            String text = "<img src=x onerror=alert(1)> " + name + " \\ \" \u0001 </script>";
            Map<String, Object> echo = post(c, text);
            assertEquals(text, echo.get("text"));
            assertEquals(name, echo.get("from"));
            Map<String, Object> atOther = other.awaitType("message", WAIT);
            assertEquals(text, atOther.get("text"));
            assertEquals(name, atOther.get("from"));

            c.send("{\"type\":\"nick\",\"nick\":" + Chat.quote(name + "2") + "}");
            assertEquals(name + "2", other.awaitType("nick", WAIT).get("to"));
        }
    }

    // ---- typing -------------------------------------------------------------------------------

    @Test
    void typingGoesToTheOthersNotToTheSenderAndIsNeverStored() throws Exception {
        String room = freshRoom("typing");
        try (JdkChatClient ann = joined(SERVER, room, "ann");
             JdkChatClient bob = joined(SERVER, room, "bob")) {
            ann.send("{\"type\":\"typing\"}");
            assertEquals(Map.of("type", "typing", "nick", "ann"), bob.awaitType("typing", WAIT));

            // The room handles ann's frames in order: had she been sent her own typing, it would
            // be in front of this echo.
            ann.send(message("done typing", "t1"));
            Map<String, Object> f = ann.await(x -> !"presence".equals(JsonFrames.type(x)), "the echo", WAIT);
            assertEquals("message", f.get("type"), "the sender gets no typing frame: " + f);
            assertEquals("t1", f.get("cid"));

            ann.send("{\"type\":\"history\"}");
            Map<String, Object> h = ann.awaitType("history", WAIT);
            assertEquals(List.of("done typing"), field(objects(h, "messages"), "text"), "typing is never stored");
        }
        try (JdkChatClient carl = join(SERVER, room, "carl")) {
            assertEquals(List.of("message"), field(objects(welcome(carl), "history"), "type"));
        }
    }

    // ---- history ------------------------------------------------------------------------------

    @Test
    void historyRequestGivesOlderMessagesOldestFirst() throws Exception {
        String room = freshRoom("history");
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            List<String> texts = IntStream.rangeClosed(1, 30).mapToObj(i -> "h" + i).toList();
            List<String> ids = postAll(ann, texts);

            ann.send("{\"type\":\"history\",\"before\":\"" + ids.get(20) + "\",\"limit\":5}");
            assertEquals(ids.subList(15, 20), field(history(ann), "id"));

            ann.send("{\"type\":\"history\",\"before\":\"" + ids.get(3) + "\",\"limit\":100}");
            assertEquals(ids.subList(0, 3), field(history(ann), "id"), "fewer left than asked for");

            ann.send("{\"type\":\"history\",\"before\":\"" + ids.get(0) + "\",\"limit\":10}");
            assertEquals(List.of(), history(ann), "nothing older than the first");

            ann.send("{\"type\":\"history\",\"limit\":3}");
            assertEquals(ids.subList(27, 30), field(history(ann), "id"), "no before: the newest");

            ann.send("{\"type\":\"history\"}");
            assertEquals(ids, field(history(ann), "id"), "default limit 50 covers all 30");

            ann.send("{\"type\":\"history\",\"before\":\"no-such-id\",\"limit\":10}");
            assertEquals(List.of(), history(ann), "unknown before: empty");

            ann.send("{\"type\":\"history\",\"before\":\"" + ids.get(29) + "\",\"limit\":1,\"extra\":{\"ignored\":[1,2]}}");
            List<Map<String, Object>> one = history(ann);
            assertEquals(List.of(ids.get(28)), field(one, "id"), "unknown fields are ignored");
            assertEquals("h29", one.get(0).get("text"));
            assertFalse(one.get(0).containsKey("cid"));
        }
    }

    @Test
    void historyLimitIsCappedAt100() throws Exception {
        String room = freshRoom("history-cap");
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            List<String> ids = postAll(ann, IntStream.rangeClosed(1, 110).mapToObj(i -> "x" + i).toList());
            ann.send("{\"type\":\"history\",\"limit\":100}");
            assertEquals(ids.subList(10, 110), field(history(ann), "id"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "\"x\"", "1.5", "true", "[]", "{}", "4294967297"})
    void historyLimitOutOfRangeOrNotAWholeNumberIsABadRequest(String limit) throws Exception {
        String room = freshRoom("history-bad");
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            ann.send("{\"type\":\"history\",\"limit\":" + limit + "}");
            Map<String, Object> e = Chat.error(ann);
            assertEquals("bad_request", e.get("code"), "limit " + limit + ": " + e);
            Chat.assertStillWorks(ann);
        }
    }

    @Test
    void historyBeforeOfTheWrongTypeIsABadRequest() throws Exception {
        String room = freshRoom("history-before");
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            ann.send("{\"type\":\"history\",\"before\":42}");
            assertEquals("bad_request", Chat.error(ann).get("code"));
            Chat.assertStillWorks(ann);
        }
    }

    // ---- resume -------------------------------------------------------------------------------

    @Test
    void reconnectingWithSinceResumesWithExactlyTheMissedMessages() throws Exception {
        String room = freshRoom("resume");
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            String lastSeen;
            try (JdkChatClient bob = joined(SERVER, room, "bob")) {
                postAll(ann, List.of("a1", "a2", "a3", "a4", "a5"));
                List<Map<String, Object>> seen = messages(bob, 5);
                lastSeen = (String) seen.get(4).get("id");
            }
            // More than a welcome's usual 50: a resume gives every retained message after since.
            List<String> texts = IntStream.rangeClosed(6, 65).mapToObj(i -> "a" + i).toList();
            List<String> missed = postAll(ann, texts);

            try (JdkChatClient bob = SERVER.connect(room, "nick=bob&since=" + encode(lastSeen))) {
                Map<String, Object> w = welcome(bob);
                assertEquals(Boolean.TRUE, w.get("resumed"));
                assertEquals(missed, field(objects(w, "history"), "id"), "exactly the missed ones, in order");
                assertEquals(texts, field(objects(w, "history"), "text"));

                // Nothing missed: resumed, empty history.
                String newest = missed.get(missed.size() - 1);
                try (JdkChatClient again = SERVER.connect(room, "nick=bob&since=" + encode(newest))) {
                    Map<String, Object> w2 = welcome(again);
                    assertEquals(Boolean.TRUE, w2.get("resumed"));
                    assertEquals(List.of(), JsonFrames.list(w2, "history"));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonsense", "abc-1", "", "-1"})
    void unknownSinceGivesTheLast50AndResumedFalse(String since) throws Exception {
        String room = freshRoom("resume-unknown");
        List<String> ids;
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            ids = postAll(ann, IntStream.rangeClosed(1, 55).mapToObj(i -> "u" + i).toList());
        }
        try (JdkChatClient bob = SERVER.connect(room, "nick=bob&since=" + encode(since))) {
            Map<String, Object> w = welcome(bob);
            assertEquals(Boolean.FALSE, w.get("resumed"), "since '" + since + "'");
            assertEquals(ids.subList(5, 55), field(objects(w, "history"), "id"));
        }
    }

    @Test
    void sinceFromAnotherRoomIsUnknownThere() throws Exception {
        String roomA = freshRoom("resume-a");
        String roomB = freshRoom("resume-b");
        String idInA;
        try (JdkChatClient ann = joined(SERVER, roomA, "ann")) {
            idInA = (String) post(ann, "in a").get("id");
        }
        List<String> idsInB;
        try (JdkChatClient ann = joined(SERVER, roomB, "ann")) {
            idsInB = postAll(ann, List.of("b1", "b2"));
        }
        try (JdkChatClient bob = SERVER.connect(roomB, "nick=bob&since=" + encode(idInA))) {
            Map<String, Object> w = welcome(bob);
            assertEquals(Boolean.FALSE, w.get("resumed"));
            assertEquals(idsInB, field(objects(w, "history"), "id"));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Waits until the hub has {@code n} connections (a close reaches it asynchronously). */
    private static void awaitConnectionCount(int n) throws InterruptedException {
        long giveUp = System.nanoTime() + WAIT.toNanos();
        while (SERVER.hub().connectionCount() != n) {
            assertTrue(System.nanoTime() < giveUp, "the hub never got to " + n + " connections: "
                    + SERVER.hub().connectionCount());
            Thread.sleep(1);
        }
    }

    private static boolean isPresence(Map<String, Object> frame) {
        return "presence".equals(JsonFrames.type(frame));
    }

    private static List<Map<String, Object>> history(JdkChatClient client) throws InterruptedException {
        Map<String, Object> h = client.await(f -> "history".equals(JsonFrames.type(f)) || "error".equals(JsonFrames.type(f)),
                "a history frame", WAIT);
        assertEquals("history", h.get("type"), "expected history, got " + h);
        List<Map<String, Object>> messages = objects(h, "messages");
        for (Map<String, Object> m : messages) {
            assertEquals("message", m.get("type"));
        }
        return messages;
    }
}
