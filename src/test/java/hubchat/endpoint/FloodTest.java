package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.joined;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.config.Setting;
import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that puts frames on the wire faster than its room can handle them is closed with
 * 1008 once more than {@code chat.max.pending.frames} of them wait; the room goes on for the others.
 * Each part of a message in fragments counts as such a frame until the message is handled.
 *
 * <p>Deterministic enough: the flood is 5000 frames in a single TCP write, read by the server in
 * large chunks, while the limit is 8. The reader thread only parses and enqueues each frame;
 * the room, on another thread, has to encode a typing frame and send it to the observer for each,
 * so it cannot keep within 8 frames of the reader.
 */
class FloodTest {
    private static final int MAX_PENDING = 8;

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(
            Setting.MAX_PENDING_FRAMES, MAX_PENDING,
            Setting.PRESENCE_WINDOW_MS, 50,
            Setting.LEAVE_GRACE_SECONDS, 0).rateLimitsOff(); // a closed member's leave announced at once

    @Test
    void clientFloodingFramesIsClosedWith1008AndTheOthersCarryOn() throws Exception {
        String room = freshRoom("flood");
        try (JdkChatClient observer = joined(SERVER, room, "observer");
             RawWebSocket flooder = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=flooder", 0)) {
            assertEquals("welcome", JsonFrames.type(JsonFrames.parse(flooder.readFrame(WAIT).text())));
            // Wait for the join to be announced: a join and a leave in one window cancel out.
            observer.await(f -> "presence".equals(JsonFrames.type(f)) && Chat.strings(f, "joined").contains("flooder"),
                    "presence: flooder joined", WAIT);
            int connections = SERVER.hub().connectionCount();

            byte[] typing = RawWebSocket.textFrame("{\"type\":\"typing\"}");
            ByteArrayOutputStream flood = new ByteArrayOutputStream(typing.length * 5000);
            for (int i = 0; i < 5000; i++) {
                flood.write(typing);
            }
            flooder.write(flood.toByteArray());

            assertEquals(1008, flooder.awaitClose(WAIT), "a flood is a policy violation");

            Map<String, Object> left = observer.await(f -> "presence".equals(JsonFrames.type(f))
                    && Chat.strings(f, "left").contains("flooder"), "presence: flooder left", WAIT);
            assertEquals(1L, left.get("memberCount"));
            assertEquals(connections - 1, SERVER.hub().connectionCount());
            Chat.assertStillWorks(observer);
            try (JdkChatClient late = joined(SERVER, room, "late")) {
                Chat.post(late, "hello");
                assertEquals("hello", observer.awaitType("message", WAIT).get("text"));
            }
            assertNull(observer.closeCode());
        }
    }

    @Test
    void partsOfAnUnfinishedMessageCountTowardTheFloodLimit() throws Exception {
        String room = freshRoom("flood-parts");
        try (JdkChatClient observer = joined(SERVER, room, "observer");
             RawWebSocket flooder = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=flooder", 0)) {
            assertEquals("welcome", JsonFrames.type(JsonFrames.parse(flooder.readFrame(WAIT).text())));
            // Far fewer parts than the fragment limit, but more than MAX_PENDING frames waiting.
            ByteArrayOutputStream parts = new ByteArrayOutputStream();
            parts.writeBytes(RawWebSocket.frame(false, RawWebSocket.OP_TEXT, new byte[0], true));
            for (int i = 0; i < 2 * MAX_PENDING; i++) {
                parts.writeBytes(RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, new byte[0], true));
            }
            flooder.write(parts.toByteArray());

            RawWebSocket.Frame close = flooder.awaitCloseFrame(WAIT);
            assertClosedFor(Disconnect.FLOOD, close.closeCode(), close.closeReason());
            Chat.assertStillWorks(observer);
        }
        awaitNoUnfinishedText();
    }

    @Test
    void messageInAsManyPartsAsTheFloodLimitIsAccepted() throws Exception {
        String room = freshRoom("flood-parts-ok");
        try (JdkChatClient observer = joined(SERVER, room, "observer");
             RawWebSocket ann = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=ann", 0)) {
            assertEquals("welcome", JsonFrames.type(JsonFrames.parse(ann.readFrame(WAIT).text())));
            String json = Chat.message("in parts");
            int partBytes = (json.length() + MAX_PENDING - 1) / MAX_PENDING;
            byte[] frames = RawWebSocket.fragments(json, partBytes);
            assertEquals(MAX_PENDING, (json.length() + partBytes - 1) / partBytes, "exactly MAX_PENDING parts");
            for (int round = 0; round < 3; round++) {
                ann.write(frames);
                assertEquals("in parts", observer.awaitType("message", WAIT).get("text"));
            }
            Chat.assertStillWorks(observer);
        }
    }

    private static void awaitNoUnfinishedText() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (SERVER.hub().unfinishedText().used() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, SERVER.hub().unfinishedText().used(), "memory held for unfinished messages");
    }

    @Test
    void quickButPacedClientIsNotTakenForAFlood() throws Exception {
        String room = freshRoom("paced");
        try (JdkChatClient ann = joined(SERVER, room, "ann")) {
            // Many frames, never more than MAX_PENDING / 2 unanswered.
            for (int batch = 0; batch < 50; batch++) {
                for (int i = 0; i < MAX_PENDING / 2 - 1; i++) {
                    ann.send(Chat.message("b" + batch + "-" + i));
                }
                Chat.post(ann, "end of batch " + batch);
            }
            assertNull(ann.closeCode());
        }
    }
}
