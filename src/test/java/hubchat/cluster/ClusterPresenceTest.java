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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes on one Redis are one room for presence and nicks: a welcome lists and counts the
 * members of every node, a nick taken on one node is suffixed on another (also when several
 * nodes are asked for one nick at once), and joins and leaves on one node are announced to the
 * members of the others promptly. Each test has a room of its own.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class ClusterPresenceTest {

    @RegisterExtension
    static final ChatCluster CLUSTER = ChatCluster.of(3, RedisServer.Options.DEFAULT);

    /** How soon a join or a leave on one node must reach the members of the others. */
    private static final Duration PROMPTLY = Duration.ofSeconds(1);

    private final ChatNode a = CLUSTER.node(0);
    private final ChatNode b = CLUSTER.node(1);
    private final ChatNode c = CLUSTER.node(2);

    @Test
    void theWelcomeListsAndCountsTheMembersOfEveryNode() throws Exception {
        String room = CLUSTER.freshRoom("presence");
        try (Chatter ann = Chatter.join(a, room, "ann");
             Chatter bob = Chatter.join(b, room, "bob");
             Chatter carl = Chatter.join(c, room, "carl")) {
            // Node c opens the room for carl: it reads who is on the other nodes first.
            assertEquals(3L, carl.welcome().get("memberCount"), "carl's welcome: " + carl.welcome());
            assertEquals(Set.of("ann", "bob", "carl"), Set.copyOf(carl.members()));
            // Node a has the room open since ann came, and follows the other nodes' joins as they
            // happen: bob's and carl's were stored in Redis and published to node a before dave's
            // nick was even claimed there.
            try (Chatter dave = Chatter.join(a, room, "dave")) {
                assertEquals(4L, dave.welcome().get("memberCount"), "dave's welcome: " + dave.welcome());
                assertEquals(Set.of("ann", "bob", "carl", "dave"), Set.copyOf(dave.members()));
                for (Chatter other : List.of(ann, bob, carl)) {
                    Map<String, Object> joined = other.awaitJoined("dave");
                    assertEquals(4L, joined.get("memberCount"), other + ": " + joined);
                }
            }
        }
    }

    @Test
    void aNickTakenOnOneNodeIsSuffixedOnTheOthers() throws Exception {
        String room = CLUSTER.freshRoom("presence");
        try (Chatter ann = Chatter.join(a, room, "ann");
             Chatter second = Chatter.join(b, room, "ann");
             Chatter third = Chatter.join(c, room, "ANN")) {
            assertEquals("ann", ann.you());
            assertEquals("ann-2", second.you(), "ann is taken on node a");
            assertEquals("ANN-3", third.you(), "nicks are compared without case, across nodes too");
        }
    }

    @Test
    void simultaneousJoinsUnderOneNickOnEveryNodeGetDistinctNicks() throws Exception {
        String room = CLUSTER.freshRoom("presence");
        List<ChatNode> twice = new ArrayList<>(CLUSTER.nodes());
        twice.addAll(CLUSTER.nodes());
        // A thread per join, so that they really are under way together.
        ExecutorService threads = Executors.newFixedThreadPool(twice.size());
        List<Future<Chatter>> joins = new ArrayList<>();
        for (ChatNode node : twice) {
            joins.add(threads.submit(() -> Chatter.join(node, room, "eve")));
        }
        threads.shutdown();
        List<Chatter> eves = new ArrayList<>();
        try {
            for (Future<Chatter> join : joins) {
                eves.add(join.get(30, TimeUnit.SECONDS));
            }
            Set<String> nicks = new HashSet<>();
            eves.forEach(eve -> nicks.add(eve.you()));
            assertEquals(Set.of("eve", "eve-2", "eve-3", "eve-4", "eve-5", "eve-6"), nicks);
        } finally {
            eves.forEach(Chatter::close);
        }
    }

    @Test
    void aJoinAndALeaveOnOneNodeAreAnnouncedToTheMembersOfTheOthersWithinASecond() throws Exception {
        String room = CLUSTER.freshRoom("presence");
        try (Chatter ann = Chatter.join(a, room, "ann");
             Chatter carl = Chatter.join(c, room, "carl")) {
            ann.awaitJoined("carl");
            long joining = System.nanoTime();
            Chatter bob = Chatter.join(b, room, "bob");
            for (Chatter other : List.of(ann, carl)) {
                Map<String, Object> joined = other.awaitJoined("bob");
                assertEquals(3L, joined.get("memberCount"), other + ": " + joined);
                assertPrompt(other + " saw bob join", joining);
            }
            long leaving = System.nanoTime();
            bob.close();
            for (Chatter other : List.of(ann, carl)) {
                Map<String, Object> left = other.awaitLeft("bob");
                assertEquals(2L, left.get("memberCount"), other + ": " + left);
                assertPrompt(other + " saw bob leave", leaving);
            }
        }
    }

    @Test
    void aClientResumingOnAnotherNodeReplacesItsOldConnectionThereAndNobodySeesItLeave() throws Exception {
        String room = CLUSTER.freshRoom("presence");
        try (Chatter ann = Chatter.join(a, room, "ann");
             Chatter carl = Chatter.join(c, room, "carl")) {
            carl.awaitJoined("ann");
            String id = ann.post("before the switch", "ann-0");
            carl.awaitMessage(id, WAIT);
            // ann's network to node a died silently; the balancer sends her new connection to b
            try (Chatter back = Chatter.resume(b, room, ann, id)) {
                CloseAssertions.assertClosedFor(Disconnect.REPLACED, ann.awaitClose(WAIT), ann.closeReason());
                assertEquals("ann", back.you(), back.welcome().toString());
                assertEquals(Set.of("ann", "carl"), Set.copyOf(back.members()));
                assertEquals(2L, back.welcome().get("memberCount"));
                assertEquals(id, back.post("before the switch", "ann-0"), "a re-send is answered with the original");
                String after = back.post("after the switch", "ann-1");
                carl.awaitMessage(after, WAIT);
                carl.settle(Duration.ofMillis(500));
                assertEquals(List.of(id, after), carl.messageIds(), "carl got each message once");
                List<String> told = new ArrayList<>();
                carl.presence().forEach(f -> {
                    Chatter.named(f, "joined").stream().filter("ann"::equals).forEach(n -> told.add("+" + n));
                    Chatter.named(f, "left").stream().filter("ann"::equals).forEach(n -> told.add("-" + n));
                });
                assertEquals(List.of("+ann"), told, "ann joined once and never left, to carl");
            }
        }
    }

    /**
     * Presence crosses nodes as it happens (the presence window is 50 ms here), not only when a
     * node next checks the roster for what it missed, which may be seconds later.
     */
    private static void assertPrompt(String what, long since) {
        Duration took = Duration.ofNanos(System.nanoTime() - since);
        System.out.printf("presence: %s after %d ms%n", what, took.toMillis());
        assertTrue(took.compareTo(PROMPTLY) <= 0, what + " only after " + took);
    }
}
