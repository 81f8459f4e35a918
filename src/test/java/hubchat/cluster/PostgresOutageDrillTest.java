package hubchat.cluster;

import static hubchat.cluster.Conversation.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.testing.ChatNode;
import hubchat.testing.PostgresServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node keeping history in a real PostgreSQL ({@code CHAT_DB_URL}) while the database goes away
 * under load and comes back: stopped cleanly, or killed with {@code kill -9}, for a few seconds,
 * mid-conversation. Messages refused meanwhile as {@code unavailable} are re-sent with their
 * cids until acknowledged; the node's {@code /health} says {@code "ready":false} while the
 * database is down and true once it is back, by itself. Then every acknowledged message reached
 * every member exactly once, in one order (see {@link Conversation}), and the room's history
 * holds each acknowledged message once, at its id, and nothing else. A room first joined while
 * the database is down works once it is back. Each drill has rooms of its own.
 */
@RequiresPrograms(SystemProgram.POSTGRES)
class PostgresOutageDrillTest {

    /** Between two messages of one sender, so that the outage lands mid-conversation. */
    private static final Duration PACE = Duration.ofMillis(20);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);
    /** How long the database stays down once the node has noticed. */
    private static final Duration DOWN_FOR = Duration.ofSeconds(3);
    /** Longest the node may take to report the database gone (it notices at its next commit) or back (its probe runs every second). */
    private static final Duration NOTICE_WITHIN = Duration.ofSeconds(20);

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static ChatNode node;

    @BeforeAll
    static void startTheNode() {
        node = ChatNode.start("pg", Map.of(Setting.DB_URL, POSTGRES.jdbcUrl(), Setting.DB_USER, POSTGRES.user(),
                Setting.DB_PASSWORD, POSTGRES.password()));
    }

    @AfterAll
    static void stopTheNode() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void postgresStoppedAndStartedAgainUnderLoadLosesNoAcknowledgedMessageAndRepeatsNone() throws Exception {
        drill("stopped", POSTGRES::stop);
    }

    @Test
    void postgresKilledAndStartedAgainUnderLoadLosesNoAcknowledgedMessageAndRepeatsNone() throws Exception {
        drill("killed", POSTGRES::kill);
    }

    /**
     * A conversation in three phases, the database taken down by {@code down} 300 ms into the
     * second and started again after {@link #DOWN_FOR}; then everything is counted.
     */
    private static void drill(String how, Runnable down) throws Exception {
        String room = "outage-" + ROOMS.incrementAndGet();
        try (Conversation talk = Conversation.onEveryNode(List.of(node), room, 4, false)) {
            talk.phase(20, PACE);
            long[] noticed = new long[2];
            talk.phase(60, PACE, () -> {
                pause(300);
                long t = System.nanoTime();
                down.run();
                noticed[0] = awaitReady(false, t);
                try (Chatter newcomer = Chatter.join(node, room + "-new", "newcomer");
                     Chatter neighbour = Chatter.join(node, room + "-new", "neighbour")) {
                    pause(DOWN_FOR.toMillis());
                    assertFalse(ready(), "/health says not ready all the while the database is down");
                    t = System.nanoTime();
                    POSTGRES.start();
                    noticed[1] = awaitReady(true, t);
                    String id = newcomer.post("first words", "newcomer-1");
                    neighbour.awaitMessage(id, Chatter.WAIT);
                } catch (Exception e) {
                    throw new AssertionError("a room first joined while the database was down", e);
                }
            });
            talk.phase(20, PACE);
            talk.assertEveryAcknowledgedMessageArrivedOnceInOrder(DELIVERY_WAIT);
            assertTheHistoryHoldsEveryAcknowledgedMessageOnceAndNothingElse(talk, room);
            assertTrue(talk.unavailableCount() > 0, "messages were refused while the database was down");
            System.out.printf("postgres %s: /health not ready %d ms after, ready again %d ms after the start; "
                    + "%d acknowledged, %d answers unavailable, %d messages re-sent after them%n", how, noticed[0], noticed[1],
                    talk.acknowledgedCount(), talk.unavailableCount(), talk.resentCount());
        }
    }

    private static void assertTheHistoryHoldsEveryAcknowledgedMessageOnceAndNothingElse(Conversation talk, String room)
            throws Exception {
        Map<String, String> cidById = talk.acknowledgedCidById();
        List<Map<String, Object>> history = RoomHistory.read(node, room, "reader");
        List<String> ids = Chatter.ids(history);
        for (Map<String, Object> m : history) {
            String cid = cidById.get((String) m.get("id"));
            assertTrue(cid != null, "stored but never acknowledged: " + m);
            assertEquals(Acknowledgements.textOf(cid), m.get("text"), "the message acknowledged at " + m.get("id"));
        }
        assertEquals(cidById.size(), ids.size(), "every acknowledged message is in the history, once");
        assertEquals(new ArrayList<>(talk.listeners().get(0).messageIds()), ids, "the history is in the order delivered");
    }

    /** Polls {@code /health} until its {@code ready} is {@code wanted}; the milliseconds since {@code since}. */
    private static long awaitReady(boolean wanted, long since) {
        long deadline = since + NOTICE_WITHIN.toNanos();
        while (ready() != wanted) {
            assertTrue(System.nanoTime() < deadline, "/health did not say ready " + wanted + " within " + NOTICE_WITHIN
                    + node.tail() + "\n--- postgres ---\n" + POSTGRES.log());
            pause(50);
        }
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    private static boolean ready() {
        try {
            return node.ready();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(node + ": /health did not answer", e);
        }
    }
}
