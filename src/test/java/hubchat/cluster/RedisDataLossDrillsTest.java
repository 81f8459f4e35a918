package hubchat.cluster;

import static hubchat.cluster.Conversation.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault drills in which the Redis two nodes share loses writes: killed and started again from
 * an older snapshot, or started again empty. Mid-conversation each time; the members stay
 * connected and get every acknowledged message exactly once, in one order, and no id ever
 * names two messages, not even one from before the loss and one after it (see
 * {@link Conversation}, which also says what else may arrive when writes are lost). A
 * {@code since} from the lost part then matches nothing. Each drill has a room of its own.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisDataLossDrillsTest {

    private static final Duration PACE = Duration.ofMillis(20);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);

    /** Nothing persisted but the snapshots the drill takes. */
    @RegisterExtension
    static final ChatCluster CLUSTER = ChatCluster.of(2, RedisServer.Options.DEFAULT);

    private final RedisServer redis = CLUSTER.redis();

    @Test
    void redisKilledAndStartedFromAnOlderSnapshotMidConversationNeverRepeatsAnId() throws Exception {
        String room = CLUSTER.freshRoom("loss");
        try (Conversation talk = Conversation.onEveryNode(CLUSTER.nodes(), room, 2, true)) {
            talk.phase(20, PACE);
            redis.snapshotNow();
            talk.phase(20, PACE); // in no snapshot: lost at the kill
            String lost = last(talk);
            talk.phase(40, PACE, () -> {
                pause(200);
                redis.kill9();
                pause(1000);
                redis.start();
            });
            talk.phase(20, PACE);
            talk.assertEveryAcknowledgedMessageArrivedOnceInOrder(DELIVERY_WAIT);
            assertSinceMatchesNothing(room, lost);
        }
    }

    @Test
    void redisStartedAgainEmptyMidConversationNeverRepeatsAnId() throws Exception {
        String room = CLUSTER.freshRoom("loss");
        try (Conversation talk = Conversation.onEveryNode(CLUSTER.nodes(), room, 2, true)) {
            talk.phase(20, PACE);
            String lost = last(talk);
            talk.phase(40, PACE, () -> {
                pause(200);
                redis.stop();
                redis.wipeData(); // a snapshot an earlier drill took must not come back
                pause(500);
                redis.start();
            });
            talk.phase(20, PACE);
            talk.assertEveryAcknowledgedMessageArrivedOnceInOrder(DELIVERY_WAIT);
            assertSinceMatchesNothing(room, lost);
        }
    }

    /** A newcomer's {@code since} naming a lost message: no newer message is taken for it. */
    private void assertSinceMatchesNothing(String room, String lostId) throws Exception {
        try (Chatter late = Chatter.rejoin(CLUSTER.node(0), room, "late", lostId)) {
            assertEquals(false, late.welcome().get("resumed"), "since " + lostId + " names a message Redis lost");
        }
    }

    /** The id of the last message acknowledged so far to the first sender. */
    private static String last(Conversation talk) {
        return talk.lastAcknowledged();
    }
}
