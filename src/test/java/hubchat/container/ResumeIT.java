package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.CuttableProxy;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A reconnect takes over its own seat, on a real container (the same class runs on Tomcat 11 and
 * on Payara Micro 6, like {@link ChatScenarioIT}). ann reaches the server through a
 * {@link CuttableProxy}, so that her network can die the way real ones do: silently, the server
 * still holding her connection open, or with a reset the server notices. She comes back
 * directly, with the resume secret of her welcome and the last id she saw.
 * Every test uses rooms of its own.
 */
class ResumeIT extends OnContainer {

    /** Longer than the server's presence window (250 ms), so a presence frame would have come. */
    private static final Duration PRESENCE_SETTLES = Duration.ofMillis(1500);

    @Test
    void aClientWhoseNetworkDiedSilentlyResumesAsItselfAndItsResendIsStoredOnce() throws Exception {
        String room = "resume-silent";
        String resend = "{\"type\":\"message\",\"text\":\"did this arrive?\",\"cid\":\"c-resume-1\"}";
        try (CuttableProxy proxy = CuttableProxy.start(base.getPort());
             JdkChatClient bob = JdkChatClient.connect(ws(base, room, "nick=bob"))) {
            first(bob, "welcome");
            JdkChatClient ann = JdkChatClient.connect(ws(viaProxy(proxy), room, "nick=ann"));
            Map<String, Object> welcome = first(ann, "welcome");
            assertEquals("ann", welcome.get("you"));
            String secret = secretOf(welcome);
            awaitPresence(bob, "joined", "ann");
            String seen = post(bob, "before the drop");
            ann.await(f -> seen.equals(f.get("id")), "ann saw bob's message", WAIT);

            // ann's message reaches the server, the acknowledgement does not; then nothing passes
            // at all: her network is dead, and the server still holds her connection open
            proxy.freezeReplies();
            ann.send(resend);
            String stored = (String) bob.await(f -> "did this arrive?".equals(f.get("text")), "ann's message", WAIT).get("id");
            proxy.freeze();
            String missed = post(bob, "while ann is away");

            try (JdkChatClient back = JdkChatClient.connect(ws(base, room,
                    "nick=ann&since=" + enc(seen) + "&resume=" + enc(secret)))) {
                Map<String, Object> resumed = first(back, "welcome");
                assertEquals("ann", resumed.get("you"), "her own nick, not ann-2: " + resumed);
                assertEquals(Boolean.TRUE, resumed.get("resumed"), "welcome: " + resumed);
                assertEquals(List.of(stored, missed), field(JsonFrames.list(resumed, "history"), "id"),
                        "exactly the messages after the last she saw");
                assertEquals(List.of("ann", "bob"), JsonFrames.list(resumed, "members"), "welcome: " + resumed);
                assertFalse(secret.equals(resumed.get("resume")), "a fresh secret");

                back.send(resend); // as the page does with a message it has no acknowledgement for
                Map<String, Object> ack = back.awaitType("message", WAIT);
                assertEquals(stored, ack.get("id"), "the original message is the acknowledgement: " + ack);
                assertEquals("c-resume-1", ack.get("cid"));

                proxy.thaw(); // her old network comes back: the server's close is waiting for it
                assertEquals(1000, ann.awaitClose(WAIT), "the old connection is closed");
                assertEquals("replaced", ann.closeReason());

                List<Map<String, Object>> atBob = framesUntilOwnMessage(bob, "probe");
                assertEquals(List.of(), atBob.stream().filter(f -> "did this arrive?".equals(f.get("text"))
                        || "presence".equals(JsonFrames.type(f))).toList(),
                        "bob got no second copy and no presence: the seat never changed hands visibly");
                try (JdkChatClient carl = JdkChatClient.connect(ws(base, room, "nick=carl"))) {
                    List<Object> texts = field(JsonFrames.list(first(carl, "welcome"), "history"), "text");
                    assertEquals(List.of("before the drop", "did this arrive?", "while ann is away", "probe"), texts,
                            "stored exactly once");
                }
            }
            ann.close();
        }
    }

    @Test
    void aClientWhoseDropTheServerNoticedAndWhoIsBackWithinTheLeaveGraceIsAnnouncedAsNeither() throws Exception {
        String room = "resume-noticed";
        try (CuttableProxy proxy = CuttableProxy.start(base.getPort());
             JdkChatClient bob = JdkChatClient.connect(ws(base, room, "nick=bob"))) {
            first(bob, "welcome");
            JdkChatClient ann = JdkChatClient.connect(ws(viaProxy(proxy), room, "nick=ann"));
            String secret = secretOf(first(ann, "welcome"));
            awaitPresence(bob, "joined", "ann");

            proxy.cut(); // a reset on both sides: the server notices at once
            try (JdkChatClient newcomer = JdkChatClient.connect(ws(base, room, "nick=ann"))) {
                Map<String, Object> welcome = first(newcomer, "welcome");
                assertEquals("ann-2", welcome.get("you"), "the nick is still ann's");
                assertTrue(JsonFrames.list(welcome, "members").contains("ann"), "ann still listed: " + welcome);
                awaitPresence(bob, "joined", "ann-2");
                try (JdkChatClient back = JdkChatClient.connect(ws(base, room, "nick=ann&resume=" + enc(secret)))) {
                    assertEquals("ann", first(back, "welcome").get("you"));
                    List<Map<String, Object>> atBob = framesUntilOwnMessage(bob, "after ann is back");
                    assertEquals(List.of(), atBob.stream().filter(f -> "presence".equals(JsonFrames.type(f))).toList(),
                            "back within the grace (CHAT_LEAVE_GRACE_SECONDS, 10 s): bob saw ann neither leave nor join");
                }
            }
            ann.close();
        }
    }

    private static Map<String, Object> first(JdkChatClient client, String type) throws InterruptedException {
        Map<String, Object> frame = JsonFrames.parse(client.next(WAIT));
        assertEquals(type, JsonFrames.type(frame), "first frame: " + frame);
        return frame;
    }

    private static String secretOf(Map<String, Object> welcome) {
        Object secret = welcome.get("resume");
        assertTrue(secret instanceof String s && s.length() >= 22, "welcome.resume: " + welcome);
        return (String) secret;
    }

    private static Map<String, Object> awaitPresence(JdkChatClient client, String list, String nick)
            throws InterruptedException {
        Predicate<Map<String, Object>> naming = f -> "presence".equals(JsonFrames.type(f))
                && JsonFrames.list(f, list).contains(nick);
        return client.await(naming, "presence with " + nick + " " + list, WAIT);
    }

    /** Posts {@code text} and returns the id of the sender's own copy. */
    private static String post(JdkChatClient client, String text) throws InterruptedException {
        client.send("{\"type\":\"message\",\"text\":\"" + text + "\"}");
        return (String) client.await(f -> text.equals(f.get("text")), "own copy of " + text, WAIT).get("id");
    }

    /** Waits out a presence window, posts {@code text}, and returns every frame before its own copy. */
    private static List<Map<String, Object>> framesUntilOwnMessage(JdkChatClient client, String text)
            throws InterruptedException {
        Thread.sleep(PRESENCE_SETTLES.toMillis());
        client.send("{\"type\":\"message\",\"text\":\"" + text + "\"}");
        List<Map<String, Object>> frames = new ArrayList<>();
        for (Map<String, Object> f = JsonFrames.parse(client.next(WAIT)); !text.equals(f.get("text"));
             f = JsonFrames.parse(client.next(WAIT))) {
            frames.add(f);
        }
        return frames;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> field(List<Object> objects, String name) {
        return objects.stream().map(o -> ((Map<String, Object>) o).get(name)).toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The server's address with the proxy's port. */
    private URI viaProxy(CuttableProxy proxy) {
        return URI.create(base.toString().replace(":" + base.getPort() + "/", ":" + proxy.port() + "/"));
    }

}
