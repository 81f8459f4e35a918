package hubchat.cluster;

import static hubchat.cluster.Chatter.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.config.Setting;
import hubchat.testing.ChatNode;
import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import hubchat.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes on one Redis, every client with a signed token: a user with a tab on one node and
 * another tab on another node is one member with one nick on every node (listed and counted
 * once, announced as joining once, as leaving when its last tab closes), another user of the
 * same name is suffixed, and a node that dies with one of the user's tabs leaves the user
 * present through its other tab, with no leave announced. Each test has a room of its own.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class ClusterIdentityTest {
    private static final String SECRET = "a secret of the cluster identity test, 32 bytes or more";

    @RegisterExtension
    static final ChatCluster CLUSTER = ChatCluster.of(3, RedisServer.Options.DEFAULT, Map.of(Setting.JWT_SECRET, SECRET));

    /** How long to listen for what must not come: many presence windows and roster round trips. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    private final ChatNode a = CLUSTER.node(0);
    private final ChatNode b = CLUSTER.node(1);
    private final ChatNode c = CLUSTER.node(2);

    @Test
    void aUserWithATabOnTwoNodesIsListedOnceWithOneNickOnEveryNode() throws Exception {
        String room = CLUSTER.freshRoom("tabs");
        try (Chatter carl = join(c, room, "u-carl", "Carl");
             Chatter tab1 = join(a, room, "u-ann", "Ann")) {
            carl.awaitJoined("Ann");
            tab1.settle(QUIET); // its own join, if it was welcomed before that was announced
            long ownJoin = presenceNaming(tab1, "joined", "Ann");
            try (Chatter tab2 = join(b, room, "u-ann", "Ann")) {
                assertEquals("Ann", tab1.you());
                assertEquals("Ann", tab2.you(), "the same user on another node: the same nick");
                assertListed(tab2, List.of("Ann", "Carl"));
                try (Chatter dave = join(a, room, "u-dave", "Dave");
                     Chatter erin = join(c, room, "u-erin", "Erin")) {
                    assertListed(dave, List.of("Ann", "Carl", "Dave"));
                    assertListed(erin, List.of("Ann", "Carl", "Dave", "Erin"));
                }
                carl.settle(QUIET);
                tab1.settle(QUIET);
                assertEquals(1, presenceNaming(carl, "joined", "Ann"), "Ann joined once: " + carl.presence());
                assertEquals(ownJoin, presenceNaming(tab1, "joined", "Ann"), "Ann's other tab is no join: " + tab1.presence());
            }
        }
    }

    @Test
    void closingOneOfTheTabsAnnouncesNothingAndClosingTheLastOneLeaveEverywhere() throws Exception {
        String room = CLUSTER.freshRoom("tabs");
        try (Chatter onA = join(a, room, "u-ona", "OnA");
             Chatter onB = join(b, room, "u-onb", "OnB");
             Chatter onC = join(c, room, "u-onc", "OnC");
             Chatter tab1 = join(a, room, "u-ann", "Ann");
             Chatter tab2 = join(b, room, "u-ann", "Ann")) {
            List<Chatter> watchers = List.of(onA, onB, onC);
            for (Chatter watcher : watchers) {
                watcher.awaitJoined("Ann");
            }
            tab1.close();
            for (Chatter watcher : watchers) {
                watcher.settle(QUIET);
                assertEquals(0, presenceNaming(watcher, "left", "Ann"), watcher + ": " + watcher.presence());
            }
            try (Chatter late = join(a, room, "u-late", "Late")) {
                assertListed(late, List.of("Ann", "Late", "OnA", "OnB", "OnC"));

                tab2.close();
                for (Chatter watcher : watchers) {
                    Map<String, Object> left = watcher.awaitLeft("Ann");
                    assertEquals(4L, left.get("memberCount"), watcher + " (Late, OnA, OnB, OnC): " + left);
                }
                for (Chatter watcher : watchers) {
                    watcher.settle(QUIET);
                    assertEquals(1, presenceNaming(watcher, "left", "Ann"), watcher + ": " + watcher.presence());
                    assertEquals(1, presenceNaming(watcher, "joined", "Ann"), watcher + ": " + watcher.presence());
                }
            }
        }
    }

    @Test
    void anotherUserWithTheSameNameGetsASuffixOnEveryNode() throws Exception {
        String room = CLUSTER.freshRoom("names");
        try (Chatter ann = join(a, room, "u-ann", "Ann");
             Chatter mallory = join(b, room, "u-mallory", "Ann");
             Chatter mal = join(a, room, "u-mal", "ann");
             Chatter annAgain = join(c, room, "u-ann", "Ann")) {
            assertEquals("Ann", ann.you());
            assertEquals("Ann-2", mallory.you());
            assertEquals("ann-3", mal.you());
            assertEquals("Ann", annAgain.you());
            assertListed(annAgain, List.of("Ann", "Ann-2", "ann-3"));
        }
    }

    @Test
    void aNodeKilledWithOneOfTheTabsLeavesTheUserPresentThroughItsOtherTab() throws Exception {
        String room = CLUSTER.freshRoom("crash");
        ChatNode doomed = CLUSTER.startNode("d");
        try (Chatter watcher = join(b, room, "u-walt", "Walt");
             Chatter tab1 = join(a, room, "u-ann", "Ann");
             Chatter tab2 = join(doomed, room, "u-ann", "Ann");
             Chatter dora = join(doomed, room, "u-dora", "Dora")) {
            watcher.awaitJoined("Ann");
            watcher.awaitJoined("Dora");
            doomed.kill9();
            // The dead node's seats go in one step: Dora's leave says Ann's seat there went too.
            Map<String, Object> doraLeft = watcher.awaitPresence(
                    f -> Chatter.named(f, "left").contains("Dora"), "Dora left", Duration.ofSeconds(30));
            assertEquals(List.of("Dora"), Chatter.named(doraLeft, "left"), "only Dora left: " + doraLeft);
            assertEquals(2L, doraLeft.get("memberCount"), "Walt and Ann: " + doraLeft);
            watcher.settle(QUIET);
            assertEquals(0, presenceNaming(watcher, "left", "Ann"), "Ann is still on node a: " + watcher.presence());
            try (Chatter late = join(c, room, "u-late", "Late")) {
                assertListed(late, List.of("Ann", "Late", "Walt"));
            }

            tab1.close();
            watcher.awaitLeft("Ann");
        }
    }

    /** {@code chatter}'s welcome lists exactly {@code nicks} (each once) and counts as many. */
    private static void assertListed(Chatter chatter, List<String> nicks) {
        assertEquals(nicks.size(), chatter.members().size(), chatter + "'s welcome: " + chatter.welcome());
        assertEquals(Set.copyOf(nicks), Set.copyOf(chatter.members()), chatter + "'s welcome: " + chatter.welcome());
        assertEquals((long) nicks.size(), chatter.welcome().get("memberCount"), chatter + "'s welcome: " + chatter.welcome());
    }

    /** How many of the presence frames {@code chatter} has received name {@code nick} in {@code list}. */
    private static long presenceNaming(Chatter chatter, String list, String nick) {
        return chatter.presence().stream().filter(f -> Chatter.named(f, list).contains(nick)).count();
    }

    private static Chatter join(ChatNode node, String room, String userId, String name) throws Exception {
        return Chatter.joinWithToken(node, room, token(userId, name));
    }

    /** A token the nodes accept: HS256 with their secret. */
    private static String token(String userId, String name) {
        return TestTokens.forUser(userId).name(name).signedWith(SECRET);
    }
}
