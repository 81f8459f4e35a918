package hubchat.endpoint;

import static hubchat.endpoint.Chat.joined;
import static hubchat.endpoint.Chat.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.testing.JdkChatClient;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application wired with {@code CHAT_REDIS_URL}: the real endpoint on Tyrus, its rooms in a
 * real redis-server, through the node's two Redis connections whatever its rooms and users.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisWiringTest {

    @RegisterExtension
    @Order(1)
    static final RedisServer REDIS = new RedisServer(Options.DEFAULT);

    @RegisterExtension
    @Order(2)
    static final TyrusChatServer SERVER = TyrusChatServer.with(Setting.REDIS_URL, REDIS.url(0));

    @Test
    void messagesGoThroughRedisOnTheNodesTwoConnectionsWhichCloseWhenTheHubStops() throws Exception {
        long ready = System.nanoTime() + 10_000_000_000L;
        while (!SERVER.hub().isReady() && System.nanoTime() < ready) {
            Thread.sleep(20); // the node connects to Redis in the background
        }
        assertTrue(SERVER.hub().isReady(), "connected to Redis");
        List<JdkChatClient> clients = new ArrayList<>();
        try {
            for (int room = 0; room < 3; room++) {
                for (String nick : List.of("ann", "bob")) {
                    clients.add(joined(SERVER, "redis-room-" + room, nick));
                }
            }
            JdkChatClient ann = clients.get(0);
            JdkChatClient bob = clients.get(1);
            Map<String, Object> own = post(ann, "through Redis");
            Map<String, Object> seen = bob.awaitType("message", Chat.WAIT);
            assertEquals("through Redis", seen.get("text"));
            assertEquals(own.get("id"), seen.get("id"));
            assertEquals(1L, REDIS.command("XLEN", "{room:redis-room-0}:log"), "stored in Redis");
            assertEquals(2, clients(), "one command and one pub/sub connection for 3 rooms and 6 users");
        } finally {
            clients.forEach(JdkChatClient::close);
        }
        SERVER.stop();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (clients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, clients(), "the hub's stop closed its Redis connections");
    }

    /** Redis' clients other than the fixture's own (the one asking). */
    private static long clients() {
        String list = (String) REDIS.command("CLIENT", "LIST");
        return list.lines().filter(line -> !line.contains("cmd=client")).count();
    }
}
