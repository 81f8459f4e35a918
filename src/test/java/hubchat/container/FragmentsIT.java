package hubchat.container;

import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Messages in fragments on a real container, through a hand-made WebSocket client: Tomcat 11
 * and Payara Micro 6 both hand every frame to the endpoint as a part, empty ones included, so the
 * endpoint's limits hold on both. An endless run of empty or one-byte continuation frames is
 * closed (1008), and unfinished messages past the memory they share are closed (1013): the
 * containers run with {@code -Dchat.unfinished.text.bytes=262144} (src/test/resources/arquillian.xml).
 * Every test checks that the rest of the room goes on.
 */
class FragmentsIT extends OnContainer {

    /** What arquillian.xml gives both containers as CHAT_UNFINISHED_TEXT_BYTES. */
    private static final int UNFINISHED_TEXT_BYTES = 262_144;
    /** A message of 2000 characters, each a six-byte JSON escape, without its end: about 12 KB. */
    private static final String UNFINISHED_JSON = "{\"type\":\"message\",\"text\":\"" + "\\u0041".repeat(2000);

    @Test
    void messageInEmptyAndOneByteFragmentsArrivesWhole() throws Exception {
        String text = "J\u00FCrgen \u674E\u96F7 \uD83D\uDE00";
        try (JdkChatClient observer = JdkChatClient.connect(ws("frag-ok", "nick=observer"));
             RawWebSocket ann = raw("frag-ok", "ann")) {
            observer.awaitType("welcome", WAIT);
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(RawWebSocket.frame(false, RawWebSocket.OP_TEXT, new byte[0], true));
            frames.writeBytes(RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, new byte[0], true));
            byte[] rest = RawWebSocket.fragments("{\"type\":\"message\",\"text\":\"" + text + "\"}", 1);
            rest[0] = (byte) ((rest[0] & 0xF0) | RawWebSocket.OP_CONTINUATION);
            frames.writeBytes(rest);
            ann.write(frames.toByteArray());

            Map<String, Object> got = observer.awaitType("message", WAIT);
            assertEquals(text, got.get("text"), "joined across fragments cut inside characters");
            assertEquals("ann", got.get("from"));
        }
    }

    @Test
    void endlessEmptyContinuationFramesAreClosedWith1008() throws Exception {
        byte[] empty = RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, new byte[0], true);
        assertClosedAndRoomCarriesOn("frag-empty", empty, Disconnect.TOO_MANY_FRAGMENTS.code(),
                Disconnect.TOO_MANY_FRAGMENTS.reason());
    }

    @Test
    void endlessOneByteFragmentsAreClosedWith1008() throws Exception {
        byte[] oneByte = RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, new byte[] {' '}, true);
        assertClosedAndRoomCarriesOn("frag-bytes", oneByte, Disconnect.TOO_MANY_FRAGMENTS.code(),
                Disconnect.TOO_MANY_FRAGMENTS.reason());
    }

    @Test
    void unfinishedMessagesPastTheSharedMemoryAreClosedWith1013AndTheMemoryComesBack() throws Exception {
        int fit;
        try (JdkChatClient observer = JdkChatClient.connect(ws("frag-memory", "nick=observer"))) {
            observer.awaitType("welcome", WAIT);
            List<RawWebSocket> holders = new ArrayList<>();
            RawWebSocket.Frame refusal = null;
            try {
                // Each holds about 12.7 KB of heap: 20 fit in 256 KiB, the 21st cannot.
                while (refusal == null && holders.size() < 40) {
                    RawWebSocket holder = raw("frag-memory", "holder" + holders.size());
                    holders.add(holder);
                    holder.write(unfinished());
                    refusal = closeWithin(holder, Duration.ofMillis(500));
                }
                fit = holders.size() - 1;
                assertTrue(refusal != null, "40 unfinished messages of 12 KB were all held");
                assertClosedFor(Disconnect.SERVER_BUSY, refusal.closeCode(), refusal.closeReason());
                assertTrue(fit >= UNFINISHED_TEXT_BYTES / 13_000 && fit <= UNFINISHED_TEXT_BYTES / 12_500,
                        fit + " unfinished messages of about 12.7 KB held in " + UNFINISHED_TEXT_BYTES + " bytes");

                // A holder still open finishes its message: it is heard, and the room goes on.
                holders.get(0).write(RawWebSocket.frame(true, RawWebSocket.OP_CONTINUATION,
                        "\"}".getBytes(StandardCharsets.US_ASCII), true));
                assertEquals("A".repeat(2000), observer.awaitType("message", WAIT).get("text"));
                observer.send("{\"type\":\"message\",\"text\":\"still here\"}");
                assertEquals("still here", observer.awaitType("message", WAIT).get("text"));
            } finally {
                for (RawWebSocket h : holders) {
                    h.close();
                }
            }
            // Dropped connections give their memory back: as many fit again.
            holders.clear();
            try {
                for (int i = 0; i < fit; i++) {
                    RawWebSocket holder = raw("frag-memory", "again" + i);
                    holders.add(holder);
                    holder.write(unfinished());
                    RawWebSocket.Frame close = closeWithin(holder, Duration.ofMillis(200));
                    assertNull(close, "holder " + i + " of " + fit + " after the first ones dropped: "
                            + (close == null ? "" : close.closeCode() + " " + close.closeReason()));
                }
            } finally {
                for (RawWebSocket h : holders) {
                    h.close();
                }
            }
            assertNull(observer.closeCode());
        }
    }

    /**
     * RFC 6455 requires a server to close on an unmasked client frame. Tomcat does (1002). Payara's
     * WebSocket layer (Tyrus) accepts it, has no setting to refuse it, and the Jakarta WebSocket
     * API does not show an application whether a frame was masked: a known limitation
     * (docs/protocol.md), pinned here so that a Payara that starts refusing it shows up and the
     * docs get updated.
     */
    @Test
    void unmaskedClientFrameIsRefusedWith1002WhereTheContainerChecksMasking() throws Exception {
        boolean payara = onPayara();
        try (RawWebSocket ann = raw("unmasked", "ann")) {
            ann.write(RawWebSocket.frame(true, RawWebSocket.OP_TEXT,
                    "{\"type\":\"message\",\"text\":\"unmasked\"}".getBytes(StandardCharsets.US_ASCII), false));
            if (!payara) {
                assertEquals(1002, ann.awaitClose(WAIT));
                return;
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                RawWebSocket.Frame f = ann.readFrame(WAIT);
                assertTrue(f.opcode() != RawWebSocket.OP_CLOSE, "Payara now refuses unmasked frames: update docs/protocol.md");
                if (f.opcode() == RawWebSocket.OP_TEXT && f.text().contains("\"text\":\"unmasked\"")) {
                    break; // accepted and broadcast, as documented
                }
                assertTrue(System.nanoTime() < deadline, "no answer to the unmasked frame");
            }
        }
    }

    /**
     * A member starts a message and sends 2000 more fragments of {@code continuation}: it must
     * be closed with {@code code} and {@code reason} while the room goes on.
     */
    private void assertClosedAndRoomCarriesOn(String room, byte[] continuation, int code, String reason) throws Exception {
        try (JdkChatClient observer = JdkChatClient.connect(ws(room, "nick=observer"));
             RawWebSocket sender = raw(room, "sender")) {
            // Wait for the join to be announced: a join and a leave in one window cancel out.
            observer.await(f -> "presence".equals(JsonFrames.type(f)) && JsonFrames.list(f, "joined").contains("sender"),
                    "presence: sender joined", WAIT);
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(RawWebSocket.frame(false, RawWebSocket.OP_TEXT, new byte[] {'{'}, true));
            for (int i = 0; i < 2000; i++) {
                frames.writeBytes(continuation);
            }
            sender.write(frames.toByteArray());

            RawWebSocket.Frame close = sender.awaitCloseFrame(WAIT);
            assertEquals(code, close.closeCode(), "close code, reason " + close.closeReason());
            assertEquals(reason, close.closeReason());

            observer.await(f -> "presence".equals(JsonFrames.type(f)) && JsonFrames.list(f, "left").contains("sender"),
                    "presence: sender left", WAIT);
            observer.send("{\"type\":\"message\",\"text\":\"still here\"}");
            assertEquals("still here", observer.awaitType("message", WAIT).get("text"));
            try (JdkChatClient late = JdkChatClient.connect(ws(room, "nick=late"))) {
                late.awaitType("welcome", WAIT);
                late.send("{\"type\":\"message\",\"text\":\"after\"}");
                assertEquals("after", observer.awaitType("message", WAIT).get("text"));
            }
            assertNull(observer.closeCode());
        }
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

    /** The close frame {@code ws} gets within {@code time}, other frames skipped; null if none. */
    private static RawWebSocket.Frame closeWithin(RawWebSocket ws, Duration time) throws IOException {
        long deadline = System.nanoTime() + time.toNanos();
        try {
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                RawWebSocket.Frame f = ws.readFrame(Duration.ofMillis(left));
                if (f.opcode() == RawWebSocket.OP_CLOSE) {
                    return f;
                }
                if (System.nanoTime() > deadline) {
                    return null;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** A raw client that joined {@code room} and read its welcome. */
    private RawWebSocket raw(String room, String nick) throws IOException {
        RawWebSocket ws = RawWebSocket.connect("localhost", base.getPort(), base.getPath() + "ws/" + room + "?nick=" + nick, 0);
        assertEquals("welcome", JsonFrames.type(JsonFrames.parse(ws.readFrame(WAIT).text())));
        return ws;
    }

}
