package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.encode;
import static hubchat.endpoint.Chat.freshRoom;
import static hubchat.endpoint.Chat.joined;
import static hubchat.endpoint.Chat.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.config.Setting;
import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The endpoint's part of resuming a seat: it reads the {@code resume} handshake parameter, and
 * tells the hub whether a connection ended with the client's own close frame (a goodbye: the
 * nick is free at once) or without one (the network broke: the seat is held for a resume).
 */
class ResumeEndpointTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.PRESENCE_WINDOW_MS, 50,
            Setting.LEAVE_GRACE_SECONDS, 0); // a dropped member's leave announced at once

    @Test
    void theResumeParameterTakesTheSeatAndClosesTheOldConnectionWith1000Replaced() throws Exception {
        String room = freshRoom("takeover");
        try (RawWebSocket old = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=ann", 0)) {
            Map<String, Object> first = JsonFrames.parse(old.readFrame(WAIT).text());
            String secret = (String) first.get("resume");
            try (JdkChatClient back = SERVER.connect(room, "nick=ann&resume=" + encode(secret))) {
                assertEquals("ann", welcome(back).get("you"));
                RawWebSocket.Frame close = nextClose(old);
                assertEquals(Disconnect.REPLACED.code(), close.closeCode());
                assertEquals(Disconnect.REPLACED.reason(),
                        new String(Arrays.copyOfRange(close.payload(), 2, close.payload().length), StandardCharsets.UTF_8));
                Chat.assertStillWorks(back);
            }
        }
    }

    @Test
    void aConnectionLostWithoutACloseFrameIsHeldAndOneClosedByItsClientIsNot() throws Exception {
        String room = freshRoom("hold");
        try (JdkChatClient bob = joined(SERVER, room, "bob")) {
            RawWebSocket lost = RawWebSocket.connect("localhost", SERVER.port(), "/ws/" + room + "?nick=ann", 0);
            String secret = (String) JsonFrames.parse(lost.readFrame(WAIT).text()).get("resume");
            bob.await(f -> "presence".equals(JsonFrames.type(f)) && Chat.strings(f, "joined").contains("ann"),
                    "presence: ann joined", WAIT);
            lost.reset(); // the network broke: no close frame
            bob.await(f -> "presence".equals(JsonFrames.type(f)) && Chat.strings(f, "left").contains("ann"),
                    "presence: ann left", WAIT);
            try (JdkChatClient newcomer = SERVER.connect(room, "nick=ann")) {
                assertEquals("ann-2", welcome(newcomer).get("you"), "ann's nick is held for her");
            }
            try (JdkChatClient back = SERVER.connect(room, "nick=ann&resume=" + encode(secret))) {
                assertEquals("ann", welcome(back).get("you"));
            }

            JdkChatClient carl = joined(SERVER, room, "carl");
            bob.await(f -> "presence".equals(JsonFrames.type(f)) && Chat.strings(f, "joined").contains("carl"),
                    "presence: carl joined", WAIT);
            carl.close(); // a close frame: carl said goodbye
            bob.await(f -> "presence".equals(JsonFrames.type(f)) && Chat.strings(f, "left").contains("carl"),
                    "presence: carl left", WAIT);
            try (JdkChatClient newcomer = SERVER.connect(room, "nick=carl")) {
                assertEquals("carl", welcome(newcomer).get("you"), "carl's nick is free at once");
            }
        }
    }

    private static RawWebSocket.Frame nextClose(RawWebSocket ws) throws Exception {
        while (true) {
            RawWebSocket.Frame f = ws.readFrame(WAIT);
            if (f.opcode() == RawWebSocket.OP_CLOSE) {
                return f;
            }
        }
    }
}
