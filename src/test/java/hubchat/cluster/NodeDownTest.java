package hubchat.cluster;

import static hubchat.cluster.Chatter.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Disconnect;
import hubchat.testing.ChatNode;
import hubchat.testing.CloseAssertions;
import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that goes away. Killed with {@code kill -9} (no goodbye to anyone): the members it had
 * are announced as left to the members of the other nodes within 15 s, the other nodes go on as
 * before, and its clients reconnect to another node with {@code since} and miss nothing.
 * Stopped cleanly (SIGTERM): its clients are told {@code restarting} (1001), and its members are
 * announced as left elsewhere at once, not when the others find the node gone.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class NodeDownTest {

    /** How soon the members of a dead node must be announced as left elsewhere. */
    private static final Duration LEFT_WITHIN = Duration.ofSeconds(15);
    /** How soon the members of a node stopped cleanly must: well before a dead node's are. */
    private static final Duration GOODBYE_WITHIN = Duration.ofSeconds(3);

    @RegisterExtension
    static final ChatCluster CLUSTER = ChatCluster.of(3, RedisServer.Options.DEFAULT);

    @Test
    void theMembersOfAKilledNodeAreAnnouncedLeftWithin15sAndResumeElsewhereWithoutAGap() throws Exception {
        String room = CLUSTER.freshRoom("crash");
        ChatNode a = CLUSTER.node(0);
        ChatNode b = CLUSTER.node(1);
        ChatNode doomed = CLUSTER.node(2);
        try (Chatter ann = Chatter.join(a, room, "ann");
             Chatter bob = Chatter.join(b, room, "bob");
             Chatter carl = Chatter.join(doomed, room, "carl");
             Chatter cora = Chatter.join(doomed, room, "cora")) {
            for (Chatter watcher : List.of(ann, bob)) {
                awaitPresence(watcher, "joined", Set.of("carl", "cora"), WAIT);
            }
            String carls = carl.post("carl's, before the crash", "carl-0");
            String last = ann.post("before the crash", "ann-0");
            carl.awaitMessage(last, WAIT);
            cora.awaitMessage(last, WAIT);

            long killed = System.nanoTime();
            doomed.kill9();
            List<String> missed = new ArrayList<>();
            missed.add(bob.post("right after the crash", "bob-1"));
            for (Chatter watcher : List.of(ann, bob)) {
                Duration took = Duration.ofNanos(
                        awaitPresence(watcher, "left", Set.of("carl", "cora"), LEFT_WITHIN.plusSeconds(5)) - killed);
                System.out.printf("node killed: %s saw carl and cora leave %d ms after kill -9%n", watcher, took.toMillis());
                assertTrue(took.compareTo(LEFT_WITHIN) <= 0, watcher + " saw the dead node's members leave only after " + took);
            }
            missed.add(ann.post("after the leave", "ann-1"));
            ann.awaitMessage(missed.get(0), WAIT);
            bob.awaitMessage(missed.get(1), WAIT);
            assertEquals(missed, bob.messageIds().subList(2, 4), "the other nodes go on as before");

            try (Chatter carlBack = Chatter.resume(a, room, carl, last);
                 Chatter coraBack = Chatter.resume(b, room, cora, last)) {
                for (Chatter back : List.of(carlBack, coraBack)) {
                    assertEquals(true, back.welcome().get("resumed"), back + ": " + back.welcome());
                    assertEquals(missed, back.historyIds(), back + " gets exactly what it missed");
                }
                assertEquals("carl", carlBack.you(), "its resume secret gives carl its nick back on another node");
                assertEquals("cora", coraBack.you());
                assertEquals(carls, carlBack.post("carl's, before the crash", "carl-0"),
                        "a re-send with its cid, on another node after its own died, is answered with the original");
                String afterwards = carlBack.post("back again", "carl-1");
                for (Chatter member : List.of(ann, bob, coraBack)) {
                    member.awaitMessage(afterwards, WAIT);
                }
                assertEquals(List.of(carls, last, missed.get(0), missed.get(1), afterwards), ann.messageIds(),
                        "the re-send was stored and delivered once");
            }
        }
    }

    @Test
    void aClientOfAKilledNodeResumingElsewhereBeforeItIsFoundDeadKeepsItsNickAndItsResendIsStoredOnce() throws Exception {
        String room = CLUSTER.freshRoom("crash-resume");
        ChatNode doomed = CLUSTER.startNode("e");
        try (Chatter ann = Chatter.join(CLUSTER.node(0), room, "ann");
             Chatter dan = Chatter.join(doomed, room, "dan")) {
            ann.awaitJoined("dan");
            String dans = dan.post("dan's, before the crash", "dan-0");
            ann.awaitMessage(dans, WAIT);
            doomed.kill9();
            // back at once: the roster still has dan's seat on the dead node, present
            try (Chatter back = Chatter.resume(CLUSTER.node(1), room, dan, dans)) {
                assertEquals("dan", back.you(), "dan's resume secret opens its seat on another node: " + back.welcome());
                assertEquals(List.of(), back.historyIds(), "nothing was missed");
                assertEquals(dans, back.post("dan's, before the crash", "dan-0"),
                        "the re-send is answered with the original");
                String after = back.post("back again", "dan-1");
                ann.awaitMessage(after, WAIT);
                ann.settle(LEFT_WITHIN.minusSeconds(3)); // the dead node is found dead meanwhile
                assertEquals(List.of(dans, after), ann.messageIds(), "each message stored and delivered once");
                for (Map<String, Object> presence : ann.presence()) {
                    assertTrue(!Chatter.named(presence, "left").contains("dan"),
                            "dan's seat moved before its node was found dead: never gone, to ann: " + presence);
                }
            }
        }
    }

    @Test
    void theClientsOfANodeStoppedCleanlyAreToldRestartingAndItsMembersAnnouncedLeftAtOnce() throws Exception {
        String room = CLUSTER.freshRoom("stop");
        ChatNode stopping = CLUSTER.startNode("d");
        try (Chatter ann = Chatter.join(CLUSTER.node(0), room, "ann");
             Chatter dora = Chatter.join(stopping, room, "dora")) {
            ann.awaitJoined("dora");
            long stopped = System.nanoTime();
            stopping.stop();
            CloseAssertions.assertClosedFor(Disconnect.RESTARTING, dora.awaitClose(WAIT), dora.closeReason());
            Duration took = Duration.ofNanos(awaitPresence(ann, "left", Set.of("dora"), LEFT_WITHIN) - stopped);
            System.out.printf("node stopped: ann saw dora leave %d ms after SIGTERM%n", took.toMillis());
            assertTrue(took.compareTo(GOODBYE_WITHIN) <= 0, "dora's leave came only after " + took);
        }
    }

    /**
     * Reads {@code watcher}'s presence frames until every one of {@code nicks} is named in their
     * {@code list} ("joined" or "left"), maybe over several frames; returns the
     * {@link System#nanoTime()} at which the last one came.
     */
    private static long awaitPresence(Chatter watcher, String list, Set<String> nicks, Duration wait)
            throws InterruptedException {
        Set<String> waiting = new HashSet<>(nicks);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!waiting.isEmpty()) {
            Map<String, Object> frame = watcher.awaitPresence(
                    f -> Chatter.named(f, list).stream().anyMatch(waiting::contains),
                    list + " naming one of " + waiting, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            waiting.removeAll(Chatter.named(frame, list));
        }
        return System.nanoTime();
    }
}
