package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.joined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code chat.ping.seconds}: a silent connection is pinged; one that answers (the JDK client
 * answers pings by itself) stays, one that never does is closed with 1001.
 */
class LivenessTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.PING_SECONDS, 1, Setting.PRESENCE_WINDOW_MS, 50,
            Setting.LEAVE_GRACE_SECONDS, 0); // a closed member's leave announced at once

    @Test
    void peerThatNeverAnswersPingsIsClosedWith1001WhileOneThatAnswersStays() throws Exception {
        String room = freshRoom("liveness");
        try (JdkChatClient polite = joined(SERVER, room, "polite");
             RawWebSocket mute = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=mute", 0)) {
            long start = System.nanoTime();
            int pings = 0;
            int code;
            while (true) {
                RawWebSocket.Frame f = mute.readFrame(Duration.ofSeconds(6));
                if (f.opcode() == RawWebSocket.OP_PING) {
                    pings++;
                } else if (f.opcode() == RawWebSocket.OP_CLOSE) {
                    code = f.closeCode();
                    break;
                }
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1001, code);
            assertTrue(pings >= 1, "pinged before being closed");
            assertTrue(tookMs >= 1500, "not closed before two ping intervals of silence: " + tookMs + " ms");

            Map<String, Object> left = polite.await(f -> "presence".equals(JsonFrames.type(f))
                    && Chat.strings(f, "left").contains("mute"), "presence: mute left", WAIT);
            assertEquals(1L, left.get("memberCount"));
            assertNull(polite.closeCode(), "a client that answers pings stays");
            Chat.assertStillWorks(polite);
        }
    }
}
