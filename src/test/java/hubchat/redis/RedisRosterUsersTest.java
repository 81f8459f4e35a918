package hubchat.redis;

import static hubchat.redis.RosterNodes.awaitSeats;
import static hubchat.redis.RosterNodes.awaitTrue;
import static hubchat.redis.RosterNodes.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.redis.RosterNodes.Node;
import hubchat.roster.SeatKeys;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The roster of users with an identity, on a real redis-server: a user's seats on several nodes
 * (keys naming the user: {@link SeatKeys#ofUser}) share one nick, which no one else gets while
 * any of them, present or held, remains; each seat is told to the other nodes, so that they can
 * count the user as present until its last seat is gone; and that stays true when a node dies
 * (its seat evicted) and when Redis comes back empty (the seats registered again).
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisRosterUsersTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer(Options.DEFAULT);

    private final RosterNodes nodes = new RosterNodes(REDIS);
    private final AtomicInteger keys = new AtomicInteger();

    @AfterEach
    void closeNodes() throws Exception {
        nodes.close();
    }

    @Test
    void aUsersSeatsOnSeveralNodesShareItsNickAndAnotherUserOfThatNameIsSuffixed() throws Exception {
        Node a = nodes.node("share");
        Node b = nodes.node("share");
        Node c = nodes.node("share");
        String annA = SeatKeys.ofUser("u-ann");
        assertEquals("Ann", a.claim("share", annA, "Ann", "Ann-2"));
        assertEquals("Ann", b.claim("share", SeatKeys.ofUser("u-ann"), "Ann", "Ann-2"), "the same user: its nick");
        assertEquals("Ann-2", c.claim("share", SeatKeys.ofUser("u-mallory"), "Ann", "Ann-2"), "another user");
        assertEquals(null, c.claim("share", "anonymous", "ANN"), "a client without an identity");
        awaitSeats(c, Map.of("Ann", 2));
        awaitSeats(a, Map.of("Ann", 1, "Ann-2", 1));
        assertEquals(Optional.of("Ann"), get(a.roster.rename("share", annA, List.of("Bob"))), "a user's seat keeps its nick");
        awaitSeats(c, Map.of("Ann", 2));
    }

    @Test
    void aUsersLaterSeatsTakeTheNickItsFirstGotEvenWhenABetterOneIsFreeNow() throws Exception {
        Node a = nodes.node("first");
        Node b = nodes.node("first");
        assertEquals("ann", a.claim("first", "anonymous", "ann"));
        assertEquals("Ann-2", a.claim("first", SeatKeys.ofUser("u-ann"), "Ann", "Ann-2"));
        a.release("first", "anonymous");
        awaitSeats(b, Map.of("Ann-2", 1));
        assertEquals("Ann-2", b.claim("first", SeatKeys.ofUser("u-ann"), "Ann", "Ann-2"));
    }

    @Test
    void theUsersNickStaysItsWhileAnyOfItsSeatsPresentOrHeldRemains() throws Exception {
        Node a = nodes.node("keep");
        Node b = nodes.node("keep");
        Node c = nodes.node("keep");
        String annA = SeatKeys.ofUser("u-ann");
        String annB = SeatKeys.ofUser("u-ann");
        a.claim("keep", annA, "Ann");
        b.claim("keep", annB, "Ann");
        awaitSeats(c, Map.of("Ann", 2));

        a.release("keep", annA);
        awaitSeats(c, Map.of("Ann", 1));
        assertTaken(c, "keep", "Ann");
        b.present("keep", annB, false); // held: not present, its nick still reserved
        awaitSeats(c, Map.of());
        assertTaken(c, "keep", "Ann");
        b.present("keep", annB, true);
        awaitSeats(c, Map.of("Ann", 1));
        b.release("keep", annB);
        awaitSeats(c, Map.of());
        assertEquals("Ann", c.claim("keep", SeatKeys.ofUser("u-mallory"), "Ann"), "the last seat gone: free");
    }

    @Test
    void aDeadNodesSeatOfAUserIsEvictedAndTheUserStaysPresentWithItsNick() throws Exception {
        Node survivor = nodes.node("dead");
        Node doomed = nodes.node("dead");
        Node observer = nodes.node("dead");
        survivor.claim("dead", SeatKeys.ofUser("u-ann"), "Ann");
        doomed.claim("dead", SeatKeys.ofUser("u-ann"), "Ann");
        doomed.claim("dead", "dora", "dora");
        awaitSeats(observer, Map.of("Ann", 2, "dora", 1));
        doomed.roster.stopBeats(); // to the others it is dead
        awaitTrue(() -> observer.view.seats().equals(Map.of("Ann", 1)), 20_000);
        assertEquals(Map.of("Ann", 1), observer.view.seats(), "the dead node's seats are gone, the user's other one stays");
        assertTaken(observer, "dead", "Ann");
        assertEquals("dora", observer.claim("dead", "k-dora", "dora"), "the dead node's own nicks are free");
    }

    @Test
    void afterRedisComesBackEmptyTheUsersSeatsOnEveryNodeAreRegisteredAgainAsOneUser() throws Exception {
        Node a = nodes.node("reborn");
        Node b = nodes.node("reborn");
        Node observer = nodes.node("reborn");
        String annA = SeatKeys.ofUser("u-ann");
        String annB = SeatKeys.ofUser("u-ann");
        a.claim("reborn", annA, "Ann");
        b.claim("reborn", annB, "Ann");
        awaitSeats(observer, Map.of("Ann", 2));
        REDIS.stop();
        REDIS.wipeData();
        REDIS.start();
        awaitTrue(() -> {
            try {
                return get(new RosterStore(a.connections, "probe").read("reborn")).seats().size() == 2;
            } catch (Exception e) {
                return false;
            }
        }, 10_000);
        awaitSeats(observer, Map.of("Ann", 2));
        a.release("reborn", annA);
        awaitSeats(observer, Map.of("Ann", 1));
        assertTaken(observer, "reborn", "Ann");
        b.release("reborn", annB);
        awaitSeats(observer, Map.of());
        assertEquals("Ann", observer.claim("reborn", SeatKeys.ofUser("u-mallory"), "Ann"));
    }

    /** {@code nick} is held in {@code room}: another user asking for it alone on {@code node} gets nothing. */
    private void assertTaken(Node node, String room, String nick) throws Exception {
        String key = SeatKeys.ofUser("u-other-" + keys.incrementAndGet());
        assertEquals(null, node.claim(room, key, nick), nick + " is still taken");
    }
}
