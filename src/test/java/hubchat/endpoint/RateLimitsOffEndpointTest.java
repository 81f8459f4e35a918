package hubchat.endpoint;

import static hubchat.endpoint.Chat.freshRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.testing.RawWebSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The floods of {@link RateLimitsEndpointTest} on a server with every rate limit at 0, as
 * benchmarks run: every message is stored, every history request answered, and nobody closed.
 */
class RateLimitsOffEndpointTest {

    @RegisterExtension
    static final TyrusChatServer SERVER = TyrusChatServer.with().rateLimitsOff();

    @Test
    void withEveryLimitAtZeroTheSameFloodsAllGoThrough() throws Exception {
        String room = freshRoom("no-limits");
        try (RawWebSocket flooder = RateLimitsEndpointTest.joinedRaw(SERVER, room, "flooder")) {
            flooder.write(RateLimitsEndpointTest.messages(30));
            assertEquals(30, RateLimitsEndpointTest.cidsOf(RateLimitsEndpointTest.framesFor(flooder, 30), "message").size(), "every message stored");
            flooder.write(RateLimitsEndpointTest.historyRequests(RateLimitsEndpointTest.HISTORY_FLOOD));
            List<Map<String, Object>> answers = RateLimitsEndpointTest.framesFor(flooder, RateLimitsEndpointTest.HISTORY_FLOOD);
            assertEquals(RateLimitsEndpointTest.HISTORY_FLOOD, answers.stream().filter(f -> "history".equals(f.get("type"))).count(),
                    "every request answered");
            flooder.sendText(Chat.message("still here", "f-last"));
            assertEquals(List.of("f-last"), RateLimitsEndpointTest.cidsOf(RateLimitsEndpointTest.framesFor(flooder, 1), "message"),
                    "and the connection left open");
        }
    }
}
