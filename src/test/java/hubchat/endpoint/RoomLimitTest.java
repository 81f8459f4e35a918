package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.joined;
import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.protocol.Disconnect;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code chat.max.rooms}: a join that would create one room too many is closed with 1008; and
 * {@code chat.room.idle.seconds}: an empty room and its history are forgotten, which frees its place.
 */
class RoomLimitTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.MAX_ROOMS, 3, Setting.ROOM_IDLE_SECONDS, 1);

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

    @Test
    void emptyRoomsAreForgottenAfterTheIdleTimeWithTheirHistoryWhichFreesTheRoomLimit() throws Exception {
        awaitNoRooms(); // the other test's rooms, if it ran first
        String id;
        try (JdkChatClient a = joined(SERVER, "alpha", "ann");
             JdkChatClient b = joined(SERVER, "beta", "ann");
             JdkChatClient c = joined(SERVER, "gamma", "ann")) {
            id = (String) Chat.post(a, "soon forgotten").get("id");
        }
        awaitNoRooms();
        try (JdkChatClient d = joined(SERVER, "delta", "ann");
             JdkChatClient a = SERVER.connect("alpha", "nick=ann&since=" + Chat.encode(id))) {
            Map<String, Object> w = Chat.welcome(a);
            assertEquals(Boolean.FALSE, w.get("resumed"), "the history went with the room");
            assertEquals(List.of(), JsonFrames.list(w, "history"));
            assertNull(d.closeCode(), "a place was free again");
        }
    }

    /** Empty rooms go after 1 s of idleness, checked every second: 2 s at most, plus slack. */
    private static void awaitNoRooms() throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (SERVER.hub().roomCount() > 0) {
            assertTrue(System.nanoTime() < giveUp, "empty rooms still there: " + SERVER.hub().roomCount());
            Thread.sleep(20);
        }
    }
}
