package hubchat.cluster;

import static hubchat.cluster.Conversation.pause;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault drills on the Redis two nodes share, where Redis loses nothing (it keeps an append-only
 * file): stopped and started again, its subscribers cut off, frozen past the command timeout.
 * Mid-conversation each time, with senders and listeners on both nodes; through every one,
 * every connection stays open and every acknowledged message reaches every member exactly once,
 * in one order (see {@link Conversation}); a message refused as {@code unavailable} is re-sent
 * with its cid until acknowledged. Each drill starts with Redis up and has a room of its own.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisOutageDrillsTest {

    /** Between two messages of one sender, so that a fault lands mid-conversation. */
    private static final Duration PACE = Duration.ofMillis(20);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ChatCluster CLUSTER = ChatCluster.of(2, RedisServer.Options.DEFAULT.withAppendOnly());

    private static final RedisServer REDIS = CLUSTER.redis();

    @Test
    void redisStoppedAndStartedAgainMidConversationLosesNoMessageAndNoConnection() throws Exception {
        drill(() -> {
            REDIS.stop();
            pause(1500);
            REDIS.start();
        });
    }

    @Test
    void subscribersCutOffByRedisMidConversationMissNoMessage() throws Exception {
        drill(() -> {
            long cut = REDIS.killPubSubClients();
            assertTrue(cut >= CLUSTER.nodes().size(), "every node subscribes, but " + cut + " subscribers were cut");
            pause(300);
            REDIS.killPubSubClients(); // again, while they may be subscribing anew
        });
    }

    @Test
    void redisFrozenPastTheCommandTimeoutMidConversationLosesNoMessageAndRepeatsNone() throws Exception {
        // 3 s, past the engine's 2 s command timeout: messages are refused, and some of them are
        // stored all the same once Redis wakes up, so their re-sends must be known by their cids.
        drill(() -> REDIS.stall(3000).join());
    }

    /**
     * A conversation in three phases on every node, {@code fault} staged (and repaired) 200 ms
     * into the second; then every acknowledged message must have reached every member once.
     */
    private static void drill(Runnable fault) throws Exception {
        try (Conversation talk = Conversation.onEveryNode(CLUSTER.nodes(), CLUSTER.freshRoom("outage"), 2, false)) {
            talk.phase(20, PACE);
            talk.phase(40, PACE, () -> {
                pause(200);
                fault.run();
            });
            talk.phase(20, PACE);
            talk.assertEveryAcknowledgedMessageArrivedOnceInOrder(DELIVERY_WAIT);
        }
    }
}
