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
 * The allowance of new rooms per client address at the endpoint: past it, a join that would make
 * a room is closed with 1008 {@code too_many_new_rooms} before any welcome, while joins to rooms
 * that exist go on. Other addresses and the refill over time: {@code EmptyRoomsTest}.
 */
class NewRoomLimitEndpointTest {

    @RegisterExtension
    static final TyrusChatServer LIMITED = TyrusChatServer.with(Setting.NEW_ROOMS_BURST, 3, Setting.NEW_ROOMS_PER_MINUTE, 1);

    @Test
    void pastItsAllowanceAnAddressCannotMakeAnotherRoomButStillJoinsRoomsThatExist() throws Exception {
        try (JdkChatClient a = joined(LIMITED, "one", "ann");
             JdkChatClient b = joined(LIMITED, "two", "ann");
             JdkChatClient c = joined(LIMITED, "three", "ann")) {
            try (JdkChatClient refused = LIMITED.connect("four", "nick=ann")) {
                assertClosedFor(Disconnect.TOO_MANY_NEW_ROOMS, refused.awaitClose(WAIT), refused.closeReason());
                assertEquals(List.of(), refused.pending(), "no welcome for a refused join");
            }
            try (JdkChatClient more = joined(LIMITED, "one", "bob")) {
                assertNull(more.closeCode());
            }
            assertEquals(3, LIMITED.hub().roomCount());
        }
    }
}
