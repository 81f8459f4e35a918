package hubchat.cluster;

import static hubchat.cluster.Chatter.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.testing.ChatNode;
import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes on one Redis are one room for presence and nicks: a welcome lists and counts the
 * members of every node, a nick taken on one node is suffixed on another, and joins and leaves
 * on one node are announced to the members of the others. Each test has a room of its own.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class ClusterPresenceTest {

    @RegisterExtension
    static final ChatCluster CLUSTER = ChatCluster.of(3, RedisServer.Options.DEFAULT);

    private final ChatNode a = CLUSTER.node(0);
    private final ChatNode b = CLUSTER.node(1);
    private final ChatNode c = CLUSTER.node(2);

    @Test
    void theWelcomeListsAndCountsTheMembersOfEveryNode() throws Exception {
        String room = CLUSTER.freshRoom("presence");
        try (Chatter ann = Chatter.join(a, room, "ann");
             Chatter bob = Chatter.join(b, room, "bob");
             Chatter carl = Chatter.join(c, room, "carl")) {
            assertEquals(3L, carl.welcome().get("memberCount"), "carl's welcome: " + carl.welcome());
            assertEquals(Set.of("ann", "bob", "carl"), Set.copyOf(carl.members()));
            try (Chatter dave = Chatter.join(a, room, "dave")) {
                assertEquals(4L, dave.welcome().get("memberCount"));
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
        List<CompletableFuture<Chatter>> joins = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (ChatNode node : CLUSTER.nodes()) {
                joins.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return Chatter.join(node, room, "eve");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
        }
        List<Chatter> eves = new ArrayList<>();
        try {
            Set<String> nicks = new HashSet<>();
            for (CompletableFuture<Chatter> join : joins) {
                Chatter eve = join.join();
                eves.add(eve);
                nicks.add(eve.you());
            }
            assertEquals(Set.of("eve", "eve-2", "eve-3", "eve-4", "eve-5", "eve-6"), nicks);
        } finally {
            eves.forEach(Chatter::close);
        }
    }

    @Test
    void aJoinAndALeaveOnOneNodeAreAnnouncedToTheMembersOfTheOthers() throws Exception {
        String room = CLUSTER.freshRoom("presence");
        try (Chatter ann = Chatter.join(a, room, "ann");
             Chatter carl = Chatter.join(c, room, "carl")) {
            ann.awaitJoined("carl");
            Chatter bob = Chatter.join(b, room, "bob");
            for (Chatter other : List.of(ann, carl)) {
                Map<String, Object> joined = other.awaitJoined("bob");
                assertEquals(3L, joined.get("memberCount"), other + ": " + joined);
            }
            bob.close();
            for (Chatter other : List.of(ann, carl)) {
                Map<String, Object> left = other.awaitLeft("bob");
                assertEquals(2L, left.get("memberCount"), other + ": " + left);
            }
        }
    }
}
