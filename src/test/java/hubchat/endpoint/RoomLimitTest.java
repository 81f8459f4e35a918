package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.joined;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.config.Setting;
import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code chat.max.rooms} at the endpoint: a join that would create one room too many is closed
 * with 1008 and its reason before any welcome. That a forgotten room frees its place is the
 * hub's rule, pinned in {@code ChatHubTest} on a clock moved by hand.
 */
class RoomLimitTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.MAX_ROOMS, 3);

    @Test
    void joinToANewRoomBeyondTheLimitIsClosedWith1008ButExistingRoomsStillTakeJoins() throws Exception {
        try (JdkChatClient a = joined(SERVER, "one", "ann");
             JdkChatClient b = joined(SERVER, "two", "ann");
             JdkChatClient c = joined(SERVER, "three", "ann")) {
            assertEquals(3, SERVER.hub().roomCount());

            try (JdkChatClient refused = SERVER.connect("four", "nick=ann")) {
                assertClosedFor(Disconnect.ROOM_LIMIT, refused.awaitClose(WAIT), refused.closeReason());
                assertEquals(List.of(), refused.pending(), "no welcome for a refused join");
            }
            assertEquals(3, SERVER.hub().roomCount());

            try (JdkChatClient more = joined(SERVER, "one", "bob")) {
                Chat.post(more, "room one still open");
                assertEquals("room one still open", a.awaitType("message", WAIT).get("text"));
            }
            for (JdkChatClient each : List.of(a, b, c)) {
                assertNull(each.closeCode());
            }
        }
    }
}
