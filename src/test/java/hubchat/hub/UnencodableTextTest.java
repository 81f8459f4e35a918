package hubchat.hub;

import hubchat.protocol.OutboundFrame;
import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.ClientFrame;
import hubchat.protocol.Unicode;
import hubchat.testing.JsonFrames;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Text that is not well-formed Unicode never reaches a room's history or its members: the sender
 * gets an error, everyone else nothing, no one is closed, later joiners are welcomed. Checked
 * both where frames are parsed and, bypassing the parser, where frames are made.
 */
class UnencodableTextTest {
    private final HubFixture fx = new HubFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    /**
     * A lone surrogate written as a JSON escape: valid JSON, refused by the parser (which field
     * gives which code, never quoted, is {@code FrameParserUnicodeTest}'s); the room goes on.
     */
    @Test
    void aLoneSurrogateInAPostOrANickIsAnsweredWithAnErrorAndNothingElseChanges() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.send(ann, "{\"type\":\"message\",\"text\":\"a\\ud800b\",\"cid\":\"c1\"}");
        fx.send(bob, "{\"type\":\"message\",\"text\":\"hi\",\"cid\":\"\\udc00\"}");
        fx.send(ann, "{\"type\":\"nick\",\"nick\":\"ann\\ud800\"}");

        assertEquals("bad_request", firstNonPresence(ann).get("code"));
        assertEquals("bad_request", firstNonPresence(bob).get("code"));
        assertEquals("bad_nick", firstNonPresence(ann).get("code"));
        assertRoomUntouchedAndStillWelcoming(ann, bob);
        assertEquals("ann", fx.post(ann, "same nick").get("from"), "a refused nick change keeps the old nick");
    }

    @Test
    void aPostWhoseFrameCannotBeMadeIsNotStoredAndItsSenderGetsAnError() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("lobby", "bob");
        ann.next("welcome");
        bob.next("welcome");
        // Past the parser, as if it had let them through: the frames cannot be made.
        handle(ann, new ClientFrame.Post("a\uD800b", "c1"));
        handle(bob, new ClientFrame.Post("hidden", "\uDC00"));

        Map<String, Object> toAnn = firstNonPresence(ann);
        assertEquals("error", toAnn.get("type"), "ann: " + toAnn);
        assertEquals("bad_request", toAnn.get("code"));
        assertEquals(Room.UNENCODABLE, toAnn.get("message"));
        Map<String, Object> toBob = firstNonPresence(bob);
        assertEquals("error", toBob.get("type"), "a bad cid refuses the whole post, before it is stored: " + toBob);
        assertRoomUntouchedAndStillWelcoming(ann, bob);
    }

    @Test
    void aWriteFailureClosesThatConnectionOnly() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        FailingTransport broken = new FailingTransport();
        fx.hub.join(broken, "lobby", "bob", null);
        assertTrue(broken.closed.await(5, TimeUnit.SECONDS), "the connection whose write failed is closed");

        fx.say(ann, "still");
        assertEquals("still", ann.next("message").get("text"));
        FakeTransport carl = fx.join("lobby", "carl");
        assertEquals("welcome", carl.next().get("type"));
        assertEquals(1, ann.closed.getCount(), "ann is not closed");
        assertEquals(1, carl.closed.getCount(), "carl is not closed");
    }

    /**
     * After a refused post: no message reached anyone, no one was closed, the room still
     * carries messages, and a later joiner is welcomed with a history without the refused ones.
     */
    private void assertRoomUntouchedAndStillWelcoming(FakeTransport... present) throws Exception {
        for (FakeTransport t : present) {
            for (String frame : fx.rawFramesSoFar(t)) {
                assertTrue(Unicode.isWellFormed(frame), "every frame sent can be encoded");
                assertFalse("message".equals(JsonFrames.type(JsonFrames.parse(frame))), "nothing was posted: " + frame);
            }
            assertEquals(1, t.closed.getCount(), "no one is closed (" + t.closeReason + ")");
        }
        fx.say(present[0], "after");
        for (FakeTransport t : present) {
            assertEquals("after", t.next("message").get("text"));
        }
        FakeTransport carl = fx.join("lobby", "carl");
        Map<String, Object> welcome = carl.next();
        assertEquals("welcome", welcome.get("type"), "a later joiner is welcomed: " + welcome);
        List<Object> history = list(welcome, "history");
        assertEquals(1, history.size(), "history holds only the good message: " + welcome);
        @SuppressWarnings("unchecked")
        Map<String, Object> only = (Map<String, Object>) history.get(0);
        assertEquals("after", only.get("text"));
    }

    private void handle(FakeTransport t, ClientFrame frame) throws InterruptedException {
        Member m = fx.member(t);
        Room room = m.room();
        room.submit(() -> room.handle(m, frame));
        fx.settle(room);
    }

    /** The first frame other than a presence frame (joins are announced after a window). */
    private static Map<String, Object> firstNonPresence(FakeTransport t) throws InterruptedException {
        while (true) {
            Map<String, Object> f = t.next();
            if (!"presence".equals(f.get("type"))) {
                return f;
            }
        }
    }

    /** A socket whose every write fails, as a container's does when the peer is gone. */
    private static final class FailingTransport implements Transport {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void write(List<OutboundFrame> frames, byte[] ping, Consumer<Throwable> done) {
            done.accept(new IOException("broken pipe"));
        }

        @Override
        public boolean confirmsWrites() {
            return true;
        }

        @Override
        public void close(int code, String reason) {
            closed.countDown();
        }
    }
}
