package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.roster.Roster;
import hubchat.roster.Roster.SeatState;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeNodes() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        REDIS.flushAll();
    }

    /** One node: its connections, its roster, and per room what the roster told it and the seats it has. */
    private final class Node {
        final RedisConnections connections = RedisConnections.open(URI.create(REDIS.url(0)));
        final RedisRoster roster = new RedisRoster(connections);
        final Map<String, SeatState> seats = new ConcurrentHashMap<>();
        final View view = new View();

        Node(String room) {
            toClose.add(connections);
            toClose.add(roster);
            roster.open(room, view, () -> CompletableFuture.completedFuture(List.copyOf(seats.values())));
        }

        String claim(String room, String key, String... candidates) throws Exception {
            Optional<String> nick = get(roster.claim(room, key, List.of(candidates)));
            nick.ifPresent(n -> seats.put(key, new SeatState(key, n, true)));
            return nick.orElse(null);
        }

        /** As a room does: its own seats say it too, so a registration again (after a beat found a write failed) keeps it. */
        void present(String room, String key, boolean present) {
            seats.computeIfPresent(key, (k, seat) -> new SeatState(k, seat.nick(), present));
            roster.present(room, key, present);
        }
    }

    /** The other nodes' members as a room would keep them from what the roster says. */
    private static final class View implements Roster.Listener {
        private final Set<String> others = new LinkedHashSet<>();
        final List<String> renames = new ArrayList<>();

        @Override
        public synchronized void others(Set<String> nicks) {
            others.clear();
            others.addAll(nicks);
        }

        @Override
        public synchronized void joined(String nick) {
            others.add(nick);
        }

        @Override
        public synchronized void left(String nick) {
            others.remove(nick);
        }

        @Override
        public synchronized void renamed(String from, String to) {
            others.remove(from);
            others.add(to);
            renames.add(from + ">" + to);
        }

        synchronized Set<String> others() {
            return Set.copyOf(others);
        }
    }

    @Test
    void aNickTakenOnOneNodeIsTakenOnEveryNodeCaseInsensitively() throws Exception {
        Node a = new Node("nicks");
        Node b = new Node("nicks");
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
        Node a = new Node("news");
        a.claim("news", "ka", "ann");
        Node b = new Node("news");
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
        Node survivor = new Node("dead");
        Node doomed = new Node("dead");
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
        Node survivor = new Node("bye");
        Node leaving = new Node("bye");
        leaving.claim("bye", "kl", "lea");
        leaving.claim("bye", "kh", "hal");
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
        Node a = new Node("reborn");
        Node b = new Node("reborn");
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
        Node a = new Node("shared");
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
        Node a = new Node("cut");
        Node b = new Node("cut");
        a.claim("cut", "ka", "ann");
        awaitView(b, Set.of("ann"));
        REDIS.killPubSubClients();
        a.claim("cut", "kd", "dan"); // published while b may not be subscribed again yet
        a.roster.release("cut", "ka");
        awaitView(b, Set.of("dan"));
    }

    private static Set<String> names(RosterStore.Snapshot snapshot) {
        Set<String> out = new LinkedHashSet<>();
        snapshot.seats().forEach(s -> out.add(s.nick()));
        return out;
    }

    private static void awaitView(Node node, Set<String> expected) throws InterruptedException {
        awaitTrue(() -> node.view.others().equals(expected), 10_000);
        assertEquals(expected, node.view.others());
    }

    private static void awaitTrue(Supplier<Boolean> condition, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.get() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
