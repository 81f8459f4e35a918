package hubchat.endpoint;

import static hubchat.endpoint.Chat.WAIT;
import static hubchat.endpoint.Chat.joined;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.config.Setting;
import hubchat.testing.JdkChatClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rooms opened and closed through real WebSocket connections by one client, three times as many
 * as the room limit (with no limit of new rooms per address), leave no room behind and lock no
 * one out: each empty room without history is forgotten as its last member leaves.
 */
class RoomChurnEndpointTest {

    @RegisterExtension
    static final TyrusChatServer OPEN = TyrusChatServer.with(Setting.MAX_ROOMS, 20, Setting.NEW_ROOMS_PER_MINUTE, 0);

    @Test
    void roomsOpenedAndClosedPastTheRoomLimitLeaveNoRoomAndANewRoomIsStillMade() throws Exception {
        for (int i = 0; i < 60; i++) { // three times the room limit
            try (JdkChatClient c = joined(OPEN, "junk-" + i, "mallory")) {
                c.close();
                c.awaitClose(WAIT);
            }
        }
        waitFor(() -> OPEN.hub().roomCount() == 0);
        try (JdkChatClient alice = joined(OPEN, "lobby", "alice")) {
            assertNull(alice.closeCode(), "a new room after them all: not refused with room_limit");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
