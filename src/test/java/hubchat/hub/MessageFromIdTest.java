package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hubchat.identity.Identity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's user id on its messages: a member whose identity the handshake proved sends
 * messages that carry {@code fromId} to everyone (its own copy, the others', later welcomes'
 * history), and a member without one sends messages with no {@code fromId} at all.
 */
class MessageFromIdTest {
    private final HubFixture fx = new HubFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Joins {@code room} as {@code nick}, with {@code identity} (null: anonymous), and takes the welcome. */
    private Joined join(String room, String nick, Identity identity) throws InterruptedException {
        FakeTransport t = FakeTransport.reading();
        Member m = fx.hub.join(t, room, nick, null, null, Admitted.UNKNOWN.as(identity));
        t.next("welcome");
        return new Joined(t, m);
    }

    private record Joined(FakeTransport transport, Member member) {
    }

    /** {@code text} from {@code from} with {@code cid}. */
    private void post(Joined from, String text, String cid) {
        fx.hub.receive(from.member(), "{\"type\":\"message\",\"text\":\"" + text + "\",\"cid\":\"" + cid + "\"}");
    }

    @Test
    void aMemberWithAnIdentitySendsItsUserIdToEveryoneAndOneWithoutSendsNone() throws Exception {
        Joined ann = join("lobby", "ann", new Identity("u-ann", "ann", null));
        Joined bob = join("lobby", "bob", null);

        post(ann, "from ann", "c1");
        Map<String, Object> annsOwn = ann.transport().next("message");
        Map<String, Object> atBob = bob.transport().next("message");
        assertEquals("c1", annsOwn.get("cid"));
        for (Map<String, Object> m : List.of(annsOwn, atBob)) {
            assertEquals("from ann", m.get("text"));
            assertEquals("u-ann", m.get("fromId"), "beside from: " + m);
            assertEquals(ann.member().nick(), m.get("from"));
        }

        post(bob, "from bob", "c1");
        for (FakeTransport t : List.of(ann.transport(), bob.transport())) {
            Map<String, Object> m = t.next("message");
            assertEquals("from bob", m.get("text"));
            assertFalse(m.containsKey("fromId"), "an anonymous sender has no fromId: " + m);
        }

        FakeTransport later = FakeTransport.reading();
        fx.hub.join(later, "lobby", "cat", null);
        List<Object> history = list(later.next("welcome"), "history");
        assertEquals("u-ann", ((Map<?, ?>) history.get(0)).get("fromId"), "the welcome's history");
        assertFalse(((Map<?, ?>) history.get(1)).containsKey("fromId"));
    }
}
