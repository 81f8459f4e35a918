package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.joined;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.protocol.Disconnect;
import hubchat.protocol.Limits;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Text messages in fragments (RFC 6455 continuation frames), sent by a hand-made client, as
 * Tyrus hands them to the endpoint: one part per frame, empty frames included. A message may
 * arrive in up to {@link Limits#MAX_MESSAGE_FRAGMENTS} (+ one per 1024 chars of the frame limit)
 * parts and the frame limit's bytes; unfinished messages of all connections share
 * {@code chat.unfinished.text.bytes} of heap. Each refusal has its close code and reason, and
 * the other members of the room go on receiving.
 */
class FragmentLimitsTest {
    private static final int MAX_FRAME = 16384;
    private static final int MAX_PARTS = Limits.MAX_MESSAGE_FRAGMENTS + MAX_FRAME / ChatEndpoint.TEXT_BUFFER_CHARS;
    /** JSON of a message of 2000 characters, each written as a six-byte JSON escape, without its end. */
    private static final String UNFINISHED_JSON = "{\"type\":\"message\",\"text\":\"" + "\\u0041".repeat(2000);
    /** Heap one held {@link #unfinished()} message takes: 12 parts of 1000 characters and one of 26. */
    private static final long HOLDER_COST = 12L * (PartialMessage.PART_OVERHEAD_BYTES + 1000)
            + PartialMessage.PART_OVERHEAD_BYTES + UNFINISHED_JSON.length() - 12_000;

    /** Room for five held messages (see {@link #unfinished()}) and a part of a sixth, not all of it. */
    private static final long BUDGET = 5 * HOLDER_COST + 2000;

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(
            Setting.UNFINISHED_TEXT_BYTES, BUDGET,
            Setting.PRESENCE_WINDOW_MS, 50);

    @Test
    void messageInEmptyAndOneByteFragmentsArrivesWhole() throws Exception {
        String room = freshRoom("frag-ok");
        String text = "J\u00FCrgen \u674E\u96F7 \uD83D\uDE00";
        String json = Chat.message(text);
        int oneByteFragments = json.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(oneByteFragments + 3 <= MAX_PARTS, "within the part limit");
        try (JdkChatClient observer = joined(SERVER, room, "observer");
             RawWebSocket ann = rawJoined(room, "ann")) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(RawWebSocket.frame(false, RawWebSocket.OP_TEXT, new byte[0], true));
            frames.writeBytes(RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, new byte[0], true));
            byte[] rest = RawWebSocket.fragments(json, 1); // cuts inside every multi-byte character
            rest[0] = (byte) ((rest[0] & 0xF0) | RawWebSocket.OP_CONTINUATION);
            frames.writeBytes(rest);
            ann.write(frames.toByteArray());

            Map<String, Object> got = observer.await(f -> "message".equals(JsonFrames.type(f)), "the message", WAIT);
            assertEquals(text, got.get("text"));
            assertEquals("ann", got.get("from"));
            assertEquals(0, SERVER.hub().unfinishedText().used(), "a finished message holds nothing");
            Chat.assertStillWorks(observer);
        }
    }

    @Test
    void endlessEmptyContinuationFramesAreClosedWith1008() throws Exception {
        byte[] empty = RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, new byte[0], true);
        assertRefusedAndRoomCarriesOn("frag-empty", repeat(empty, 2000), Disconnect.TOO_MANY_FRAGMENTS.code(),
                Disconnect.TOO_MANY_FRAGMENTS.reason());
    }

    @Test
    void endlessOneByteFragmentsAreClosedWith1008() throws Exception {
        byte[] oneByte = RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, new byte[] {' '}, true);
        assertRefusedAndRoomCarriesOn("frag-bytes", repeat(oneByte, 2000), Disconnect.TOO_MANY_FRAGMENTS.code(),
                Disconnect.TOO_MANY_FRAGMENTS.reason());
    }

    @Test
    void messageInFragmentsOverTheFrameLimitIsClosedWith1009() throws Exception {
        byte[] kilobyte = RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, new byte[1000], true);
        assertRefusedAndRoomCarriesOn("frag-big", repeat(kilobyte, MAX_FRAME / 1000 + 1), Disconnect.TOO_BIG.code(),
                Disconnect.TOO_BIG.reason("message larger than " + MAX_FRAME + " bytes"));
    }

    @Test
    void unfinishedMessagesPastTheSharedMemoryCloseTheConnectionThatWouldPassItWith1013() throws Exception {
        String room = freshRoom("frag-memory");
        LongSupplier used = () -> SERVER.hub().unfinishedText().used();
        List<RawWebSocket> holders = new ArrayList<>();
        try (JdkChatClient observer = joined(SERVER, room, "observer")) {
            for (int i = 0; i < 5; i++) {
                RawWebSocket holder = rawJoined(room, "holder" + i);
                holders.add(holder);
                holder.write(unfinished());
                long expected = (i + 1L) * HOLDER_COST;
                awaitEquals(expected, used, "memory held by " + (i + 1) + " unfinished messages");
            }
            try (RawWebSocket sixth = rawJoined(room, "sixth")) {
                sixth.write(unfinished());
                RawWebSocket.Frame close = sixth.awaitCloseFrame(WAIT);
                assertClosedFor(Disconnect.SERVER_BUSY, close.closeCode(), close.closeReason());
            }
            assertEquals(5 * HOLDER_COST, used.getAsLong(), "the refused one gave back what it had taken");

            // A holder that finishes its message is heard, and its memory is free again.
            holders.get(0).write(RawWebSocket.frame(true, RawWebSocket.OP_CONTINUATION,
                    "\"}".getBytes(StandardCharsets.UTF_8), true));
            Map<String, Object> got = observer.await(f -> "message".equals(JsonFrames.type(f)), "holder0's message", WAIT);
            assertEquals("A".repeat(2000), got.get("text"));
            awaitEquals(4 * HOLDER_COST, used, "memory after one message finished");
            Chat.assertStillWorks(observer);
        } finally {
            for (RawWebSocket h : holders) {
                h.close();
            }
        }
        awaitEquals(0, used, "memory after the holders dropped their connections");
    }

    /** A raw client that joined {@code room} and read its welcome. */
    private static RawWebSocket rawJoined(String room, String nick) throws IOException {
        RawWebSocket raw = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=" + nick, 0);
        assertEquals("welcome", JsonFrames.type(JsonFrames.parse(raw.readFrame(WAIT).text())));
        return raw;
    }

    /** {@link #UNFINISHED_JSON} as fragments of 1000 bytes, without a last one. */
    private static byte[] unfinished() {
        byte[] bytes = UNFINISHED_JSON.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += 1000) {
            byte[] piece = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1000));
            out.writeBytes(RawWebSocket.frame(false, at == 0 ? RawWebSocket.OP_TEXT : RawWebSocket.OP_CONTINUATION, piece, true));
        }
        return out.toByteArray();
    }

    /**
     * A member starts a message with one fragment and goes on with {@code continuations}: it
     * must be closed with {@code code} and {@code reason}, its room must announce it left and go
     * on, and no memory may stay reserved for it.
     */
    private static void assertRefusedAndRoomCarriesOn(String prefix, byte[] continuations, int code, String reason)
            throws Exception {
        String room = freshRoom(prefix);
        try (JdkChatClient observer = joined(SERVER, room, "observer");
             RawWebSocket sender = rawJoined(room, "sender")) {
            observer.await(f -> "presence".equals(JsonFrames.type(f)) && Chat.strings(f, "joined").contains("sender"),
                    "presence: sender joined", WAIT);
            int connections = SERVER.hub().connectionCount();
            sender.write(RawWebSocket.frame(false, RawWebSocket.OP_TEXT, "{".getBytes(StandardCharsets.US_ASCII), true));
            sender.write(continuations);

            RawWebSocket.Frame close = sender.awaitCloseFrame(WAIT);
            assertEquals(code, close.closeCode(), "close code, reason " + close.closeReason());
            assertEquals(reason, close.closeReason());

            observer.await(f -> "presence".equals(JsonFrames.type(f)) && Chat.strings(f, "left").contains("sender"),
                    "presence: sender left", WAIT);
            assertEquals(connections - 1, SERVER.hub().connectionCount());
            Chat.assertStillWorks(observer);
            try (JdkChatClient late = joined(SERVER, room, "late")) {
                Chat.post(late, "after");
                assertEquals("after", observer.awaitType("message", WAIT).get("text"));
            }
            assertNull(observer.closeCode());
        }
        awaitEquals(0, () -> SERVER.hub().unfinishedText().used(), "memory held after the refusal");
    }

    private static byte[] repeat(byte[] frame, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length * times);
        for (int i = 0; i < times; i++) {
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    private static void awaitEquals(long expected, LongSupplier actual, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (actual.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, actual.getAsLong(), what);
    }
}
