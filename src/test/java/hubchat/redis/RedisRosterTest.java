package hubchat.redis;

import static hubchat.redis.RosterNodes.awaitTrue;
import static hubchat.redis.RosterNodes.awaitView;
import static hubchat.redis.RosterNodes.get;
import static hubchat.redis.RosterNodes.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.redis.RosterNodes.Node;
import hubchat.redis.RosterNodes.View;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The roster of several nodes on a real redis-server: nicks unique across nodes, each node told
 * the other nodes' joins, leaves and renames, the seats of a node that stops beating evicted and
 * announced, seats registered again after Redis comes back empty, and changes missed while a
 * node's pub/sub link was down caught up.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisRosterTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer(Options.DEFAULT);

    private final RosterNodes nodes = new RosterNodes(REDIS);
    /** What a test made beside {@link #nodes}. */
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeNodes() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        nodes.close();
    }

    @Test
    void aNickTakenOnOneNodeIsTakenOnEveryNodeCaseInsensitively() throws Exception {
        Node a = nodes.node("nicks");
        Node b = nodes.node("nicks");
        assertEquals("Ann", a.claim("nicks", "k1", "Ann", "Ann-2"));
        assertEquals("ann-2", b.claim("nicks", "k2", "ann", "ann-2"));
        assertEquals(null, b.claim("nicks", "k3", "ANN", "Ann-2"));
        assertEquals(Optional.of("ann-3"), get(b.roster.rename("nicks", "k2", List.of("ANN", "ann-3"))));
        // the old nick is free again
        assertEquals("ann-2", a.claim("nicks", "k4", "ann-2"));
        a.roster.release("nicks", "k1");
        awaitTrue(() -> !b.view.others().contains("Ann"), 5_000);
        assertEquals("ANN", b.claim("nicks", "k5", "ANN"));
    }

    @Test
    void eachNodeIsToldTheOtherNodesJoinsLeavesAndRenames() throws Exception {
        Node a = nodes.node("news");
        a.claim("news", "ka", "ann");
        Node b = nodes.node("news");
        awaitView(b, Set.of("ann"));
        b.claim("news", "kb", "bob");
        awaitView(a, Set.of("bob"));
        awaitView(b, Set.of("ann")); // its own seats are not "others"

        get(a.roster.rename("news", "ka", List.of("anna")));
        awaitView(b, Set.of("anna"));
        assertEquals(List.of("ann>anna"), b.view.renames);
        a.present("news", "ka", false); // held: not a member, nick still reserved
        awaitView(b, Set.of());
        assertEquals(null, b.claim("news", "kx", "anna"));
        a.present("news", "ka", true);
        awaitView(b, Set.of("anna"));
        a.roster.release("news", "ka");
        awaitView(b, Set.of());
        awaitView(a, Set.of("bob"));
    }

    @Test
    void theSeatsOfANodeThatStopsBeatingAreAnnouncedAsLeftWithin15Seconds() throws Exception {
        Node survivor = nodes.node("dead");
        Node doomed = nodes.node("dead");
        doomed.claim("dead", "kd", "dora");
        survivor.claim("dead", "ks", "sam");
        awaitView(survivor, Set.of("dora"));
        long start = System.nanoTime();
        doomed.roster.stopBeats(); // no more beats: to the others it is dead
        awaitTrue(() -> survivor.view.others().isEmpty(), 20_000);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("seats of a silent node announced left after " + millis + " ms");
        assertTrue(millis < 15_000, "took " + millis + " ms");
        assertEquals("dora", survivor.claim("dead", "k2", "dora")); // its nicks are free
    }

    @Test
    void aNodeStoppedCleanlyHasItsMembersAnnouncedLeftAtOnce() throws Exception {
        Node survivor = nodes.node("bye");
        Node leaving = nodes.node("bye");
        leaving.claim("bye", "kl", "lea");
        leaving.claim("bye", "kh", "hal");
        awaitView(survivor, Set.of("lea", "hal")); // else the wait below could pass before hal's join is seen
        leaving.present("bye", "kh", false); // a held seat goes too
        awaitView(survivor, Set.of("lea"));
        long start = System.nanoTime();
        leaving.roster.close();
        awaitTrue(() -> survivor.view.others().isEmpty(), 5_000);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < RedisRoster.SWEEP_MILLIS, "announced by the goodbye itself, not a sweep: " + millis + " ms");
        assertEquals("hal", survivor.claim("bye", "k2", "hal"), "the held seat's nick is free too");
    }

    @Test
    void afterRedisComesBackEmptyEveryNodeRegistersItsSeatsAgain() throws Exception {
        Node a = nodes.node("reborn");
        Node b = nodes.node("reborn");
        a.claim("reborn", "ka", "ann");
        b.claim("reborn", "kb", "bob");
        awaitView(b, Set.of("ann"));
        REDIS.stop();
        REDIS.wipeData();
        REDIS.start();
        // Both register again by themselves; each is told the other's members again.
        awaitTrue(() -> {
            try {
                return Set.of("ann", "bob").equals(names(get(new RosterStore(a.connections, "probe").read("reborn"))));
            } catch (Exception e) {
                return false;
            }
        }, 10_000);
        awaitView(a, Set.of("bob"));
        awaitView(b, Set.of("ann"));
        assertEquals("ann-2", b.claim("reborn", "kc", "ann", "ann-2"));
    }

    @Test
    void aChangeIsToldAtOnceWhenTheEngineSharesThePubSubConnection() throws Exception {
        Node a = nodes.node("shared");
        // As a room opens on a node: the engine first, then the roster, on the node's one pub/sub connection.
        RedisConnections connections = RedisConnections.open(URI.create(REDIS.url(0)));
        toClose.add(connections);
        RedisEngine engine = new RedisEngine(connections, 100, 1 << 20, 60_000);
        engine.open("shared", stored -> { });
        RedisRoster roster = new RedisRoster(connections);
        toClose.add(roster);
        View view = new View();
        roster.open("shared", view, () -> CompletableFuture.completedFuture(List.of()));
        Thread.sleep(300); // the subscriptions confirmed
        long start = System.nanoTime();
        a.claim("shared", "ka", "ann");
        awaitTrue(() -> view.others().contains("ann"), 5_000);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < RedisRoster.SWEEP_MILLIS / 2, "told by its channel, not found by a sweep: " + millis + " ms");
        engine.close("shared");
    }

    @Test
    void changesMissedWhileThePubSubLinkWasDownAreCaughtUp() throws Exception {
        Node a = nodes.node("cut");
        Node b = nodes.node("cut");
        a.claim("cut", "ka", "ann");
        awaitView(b, Set.of("ann"));
        REDIS.killPubSubClients();
        a.claim("cut", "kd", "dan"); // published while b may not be subscribed again yet
        a.roster.release("cut", "ka");
        awaitView(b, Set.of("dan"));
    }
}
