package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.join;
import static hubchat.endpoint.Chat.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hubchat.config.Setting;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer that stops reading must not hold up its room: once its send queue
 * ({@code chat.send.queue.bytes}) is full it is closed (1013), and a normal reader in the same
 * room still gets every message, in order.
 */
class SlowConsumerTest {
    private static final int SEND_QUEUE = 256 * 1024;
    /**
     * Messages sent before waiting for the reader: 32 KB, an eighth of the limit. Tyrus confirms
     * bytes only by the peer's pong (see Connection), so the limit must leave room for what a
     * reader that keeps up has not yet answered, on a loaded machine too.
     */
    private static final int BATCH = 4;
    /** ~8 KB of UTF-8 in 1990 code points: big frames, so the stall comes soon. */
    private static final String FILLER = "\uD83D\uDE00".repeat(1990);

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(
            Setting.SEND_QUEUE_BYTES, SEND_QUEUE,
            Setting.PRESENCE_WINDOW_MS, 50,
            Setting.LEAVE_GRACE_SECONDS, 0).rateLimitsOff(); // a closed member's leave announced at once

    @Test
    void peerThatStopsReadingIsClosedAndTheOthersGetEveryMessageInOrder() throws Exception {
        String room = freshRoom("stall");
        // A hand-made client with a tiny receive buffer that never reads past the handshake.
        try (RawWebSocket stalled = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=stalled", 4096);
             JdkChatClient sender = join(SERVER, room, "sender");
             JdkChatClient reader = join(SERVER, room, "reader")) {
            welcome(sender);
            assertTrue(Chat.strings(welcome(reader), "members").contains("stalled"), "the stalled peer is in the room");
            int connections = SERVER.hub().connectionCount();

            List<String> sent = new ArrayList<>();
            List<Map<String, Object>> atReader = new ArrayList<>();
            Map<String, Object> stalledLeft = null;
            long start = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int batchesAfterClose = 0;
            for (int batch = 0; batchesAfterClose < 3; batch++) {
                if (System.nanoTime() > deadline) {
                    fail("the stalled peer was not closed after " + sent.size() + " messages of ~8 KB");
                }
                for (int i = 0; i < BATCH; i++) {
                    String text = "b" + batch + "-" + i + " " + FILLER;
                    sent.add(text);
                    sender.send(Chat.message(text));
                }
                // Pace the sender by the reader: the reader never falls more than a batch behind.
                String last = sent.get(sent.size() - 1);
                while (true) {
                    Map<String, Object> f = reader.await(x -> true, "message " + last, WAIT);
                    if ("message".equals(JsonFrames.type(f))) {
                        atReader.add(f);
                        if (last.equals(f.get("text"))) {
                            break;
                        }
                    } else if ("presence".equals(JsonFrames.type(f)) && Chat.strings(f, "left").contains("stalled")) {
                        stalledLeft = f;
                    }
                }
                if (stalledLeft != null) {
                    batchesAfterClose++;
                }
            }
            int sentBeforeClose = sent.size() - 3 * BATCH;
            System.out.println("stalled peer closed after about " + sentBeforeClose + " messages of ~8 KB, in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertEquals(List.of("stalled"), Chat.strings(stalledLeft, "left"));
            assertEquals(2L, stalledLeft.get("memberCount"));
            assertEquals(connections - 1, SERVER.hub().connectionCount(), "the server let go of the stalled peer");
            assertEquals(sent, Chat.field(atReader, "text"), "the reader got every message, in order, no gaps");
            List<Map<String, Object>> own = Chat.messages(sender, sent.size());
            assertEquals(Chat.field(atReader, "id"), Chat.field(own, "id"), "sender and reader saw the same order");
            assertNull(reader.closeCode());
            assertNull(sender.closeCode());

            // When the stalled peer reads again, what was queued before the close drains, then 1013.
            assertEquals(1013, stalled.awaitClose(Duration.ofSeconds(10)), "slow consumer");
        }
    }
}
