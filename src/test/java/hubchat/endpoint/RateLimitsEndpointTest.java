package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.joined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rate limits through the real endpoint and real WebSocket clients, as an attacker meets
 * them: on a server with the default settings, a client posting or asking for history as fast
 * as it can is refused {@code rate_limited} (a message with its cid, nothing stored beyond the
 * burst) and, going on, closed with 1008 {@code rate_limited}, while the others in its room chat
 * on. {@link RateLimitsOffEndpointTest} sends the same floods with every limit at 0.
 */
class RateLimitsEndpointTest {
    /** History requests the flooder puts on the wire in one write: fewer than the pending-frames limit (256). */
    static final int HISTORY_FLOOD = 200;
    /** Default burst of messages (CHAT_MESSAGE_BURST). */
    private static final int MESSAGE_BURST = 20;
    /** Default history burst in messages over the 100 a full page costs. */
    private static final int FULL_PAGES_IN_BURST = 10;

    @RegisterExtension
    static final TyrusChatServer LIMITED = TyrusChatServer.with();

    @Test
    void aClientPostingAsFastAsItCanIsRefusedWithEachCidAndNothingBeyondTheBurstIsStored() throws Exception {
        String room = freshRoom("post-flood");
        try (JdkChatClient bob = joined(LIMITED, room, "bob");
             RawWebSocket flooder = joinedRaw(LIMITED, room, "flooder")) {
            flooder.write(messages(30));
            List<Map<String, Object>> toFlooder = framesFor(flooder, 30);
            List<Object> acknowledged = cidsOf(toFlooder, "message");
            List<Map<String, Object>> refused = toFlooder.stream().filter(RateLimitsEndpointTest::rateLimited).toList();
            assertTrue(acknowledged.size() >= MESSAGE_BURST && acknowledged.size() <= MESSAGE_BURST + 1,
                    "the burst, and at most one more for the time the 30 took: " + acknowledged);
            assertEquals(30, acknowledged.size() + refused.size(), "every message answered once");
            for (Map<String, Object> r : refused) {
                assertTrue(r.get("cid") instanceof String cid && cid.startsWith("f-"), "names its message: " + r);
                assertTrue(((Long) r.get("retryAfterMs")) > 0 && ((Long) r.get("retryAfterMs")) <= 200, r.toString());
            }
            List<Object> relayed = Chat.field(Chat.messages(bob, acknowledged.size()), "text");
            assertEquals(acknowledged.stream().map(cid -> "m" + cid.toString().substring(2)).toList(), relayed);
            for (String f = bob.poll(Duration.ofMillis(300)); f != null; f = bob.poll(Duration.ofMillis(300))) {
                assertFalse(f.contains("\"type\":\"message\""), "nothing more relayed: " + f);
            }
            try (JdkChatClient carl = LIMITED.connect(room, "nick=carl")) {
                Map<String, Object> welcome = Chat.welcome(carl);
                assertEquals(acknowledged.size(), JsonFrames.objects(welcome, "history").size(), "nothing more stored");
            }
            assertNull(bob.closeCode());
        }
    }

    @Test
    void aHistoryFloodIsRefusedThenClosedWhileTheOthersInTheRoomChatOn() throws Exception {
        String room = freshRoom("history-flood");
        try (JdkChatClient bob = joined(LIMITED, room, "bob");
             JdkChatClient carl = joined(LIMITED, room, "carl");
             RawWebSocket flooder = joinedRaw(LIMITED, room, "flooder")) {
            try (JdkChatClient filler = joined(LIMITED, room, "filler")) { // pages of 20 long messages
                Chat.postAll(filler, IntStream.range(0, MESSAGE_BURST).mapToObj(i -> "x".repeat(1000) + i).toList());
            }
            // A few more requests than the burst pays for: the rest are refused, the connection stays.
            flooder.write(historyRequests(FULL_PAGES_IN_BURST + 5));
            List<Map<String, Object>> answers = framesFor(flooder, FULL_PAGES_IN_BURST + 5).stream()
                    .filter(f -> !"message".equals(f.get("type"))).toList();
            long pages = answers.stream().filter(f -> "history".equals(f.get("type"))).count();
            List<Map<String, Object>> refused = answers.stream().filter(RateLimitsEndpointTest::rateLimited).toList();
            assertTrue(pages >= FULL_PAGES_IN_BURST && pages <= FULL_PAGES_IN_BURST + 1, "the burst's pages: " + answers);
            assertEquals(FULL_PAGES_IN_BURST + 5 - pages, refused.size(), "the rest refused: " + answers);
            for (Map<String, Object> r : refused) {
                assertFalse(r.containsKey("cid"), r.toString());
                assertTrue((Long) r.get("retryAfterMs") > 0 && (Long) r.get("retryAfterMs") <= 400, r.toString());
            }

            // As fast as it can: past the refusals allowed, closed; meanwhile bob and carl chat on.
            flooder.write(historyRequests(HISTORY_FLOOD));
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                bob.send(Chat.message("during " + i));
                carl.await(f -> "message".equals(f.get("type")) && f.get("text").toString().startsWith("during "),
                        "a message during the flood", WAIT);
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
            int morePages = 0;
            int moreRefusals = 0;
            RawWebSocket.Frame close = null;
            while (close == null) {
                RawWebSocket.Frame f = readAnsweringPings(flooder, WAIT);
                if (f.opcode() == RawWebSocket.OP_CLOSE) {
                    close = f;
                } else {
                    Map<String, Object> frame = JsonFrames.parse(f.text());
                    morePages += "history".equals(frame.get("type")) ? 1 : 0;
                    moreRefusals += rateLimited(frame) ? 1 : 0;
                }
            }
            assertEquals(1008, close.closeCode());
            assertEquals(Disconnect.RATE_LIMITED.reason(), close.closeReason());
            // What was queued for it when it was closed is dropped with its queue: at most this many.
            assertTrue(morePages <= 1, "pages: " + morePages);
            assertTrue(moreRefusals <= 100, "refusals: " + moreRefusals);
            assertTrue(latencies.stream().allMatch(ms -> ms < 2000), "the others waited: " + latencies);
            Chat.assertStillWorks(carl);
            assertNull(bob.closeCode());
        }
    }

    // ---- helpers ----

    static RawWebSocket joinedRaw(TyrusChatServer server, String room, String nick) throws IOException {
        RawWebSocket ws = RawWebSocket.connect("localhost", server.port(), "/ws/" + room + "?nick=" + nick, 0);
        assertEquals("welcome", JsonFrames.type(JsonFrames.parse(ws.readFrame(WAIT).text())));
        return ws;
    }

    static byte[] historyRequests(int n) {
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            flood.writeBytes(RawWebSocket.textFrame("{\"type\":\"history\",\"limit\":100}"));
        }
        return flood.toByteArray();
    }

    /** {@code n} messages with cids {@code f-1}... in one write, so the server reads them together. */
    static byte[] messages(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= n; i++) {
            out.writeBytes(RawWebSocket.textFrame(Chat.message("m" + i, "f-" + i)));
        }
        return out.toByteArray();
    }

    /**
     * The next {@code n} answers to the client's frames (its own messages, history pages,
     * errors); presence and the others' messages are skipped.
     */
    static List<Map<String, Object>> framesFor(RawWebSocket ws, int n) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        while (out.size() < n) {
            RawWebSocket.Frame f = readAnsweringPings(ws, WAIT);
            assertEquals(RawWebSocket.OP_TEXT, f.opcode(), "after " + out.size() + " answers: " + f.closeReason());
            Map<String, Object> frame = JsonFrames.parse(f.text());
            boolean othersMessage = "message".equals(frame.get("type")) && !frame.containsKey("cid");
            if (!"presence".equals(frame.get("type")) && !othersMessage) {
                out.add(frame);
            }
        }
        return out;
    }

    /**
     * The next frame that is not a ping; each ping is answered with its pong, as a browser does
     * (on Tyrus a ping's payload is a read receipt, and a reader that never answers is closed).
     */
    static RawWebSocket.Frame readAnsweringPings(RawWebSocket ws, Duration wait) throws IOException {
        while (true) {
            RawWebSocket.Frame f = ws.readFrame(wait);
            if (f.opcode() != RawWebSocket.OP_PING) {
                return f;
            }
            ws.write(RawWebSocket.frame(RawWebSocket.OP_PONG, f.payload()));
        }
    }

    static List<Object> cidsOf(List<Map<String, Object>> frames, String type) {
        return frames.stream().filter(f -> type.equals(f.get("type"))).map(f -> f.get("cid")).toList();
    }

    private static boolean rateLimited(Map<String, Object> f) {
        return "error".equals(f.get("type")) && "rate_limited".equals(f.get("code"));
    }
}
