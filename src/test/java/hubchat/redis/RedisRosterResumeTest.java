package hubchat.redis;

import static hubchat.redis.RosterNodes.awaitSeats;
import static hubchat.redis.RosterNodes.awaitTrue;
import static hubchat.redis.RosterNodes.awaitView;
import static hubchat.redis.RosterNodes.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.redis.RosterNodes.Node;
import hubchat.roster.Roster.Resumed;
import hubchat.roster.SeatKeys;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resume secret handed out by one node opens its seat from another, on a real redis-server:
 * the seat moves there with its nick (so a message re-sent with its cid is recognised, and the
 * nick is not taken from its owner by its own dead connection), its old node is told to let it
 * go, the other nodes see the nick stay (or come back, if it was held), and the secret works
 * once. Redis keeps only the secret's digest.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisRosterResumeTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer(Options.DEFAULT);

    private final RosterNodes nodes = new RosterNodes(REDIS);

    @AfterEach
    void closeNodes() throws Exception {
        nodes.close();
    }

    @Test
    void aPresentSeatResumedOnAnotherNodeMovesThereWithItsNickAndNobodySeesItLeave() throws Exception {
        Node a = nodes.node("move");
        Node b = nodes.node("move");
        Node c = nodes.node("move");
        a.claim("move", "old", "ann");
        a.secret("move", "old", "secret-1");
        awaitView(c, Set.of("ann"));
        awaitView(b, Set.of("ann"));
        int before = c.view.history().size();

        assertEquals(Optional.of(new Resumed("ann", true)), get(b.roster.resume("move", "new", "secret-1")));

        awaitSeats(a, Map.of("ann", 1)); // present on another node now
        assertEquals(List.of("old"), a.view.taken(), "the old node is told its seat went, after the nick elsewhere");
        // a later change, which c applies after the move: c saw ann stay one member throughout
        b.claim("move", "zed", "zed");
        awaitSeats(c, Map.of("ann", 1, "zed", 1));
        List<Map<String, Integer>> seen = c.view.history().subList(before, c.view.history().size());
        assertEquals(Map.of("ann", 1, "zed", 1), seen.get(seen.size() - 1));
        assertTrue(seen.stream().allMatch(view -> view.get("ann") == 1), "c's view, change by change: " + seen);
        assertEquals(Map.of("ann", 1), b.view.seats(), "b applies its own change itself (as a room does), not from the roster");
        assertEquals(List.of(), b.view.taken());
        assertEquals(Set.of("new", "zed"), Set.copyOf((List<?>) REDIS.command("HKEYS", "{room:move}:seats")),
                "the old seat is gone from the roster, not left for the old node to give up");
        assertEquals(null, b.claim("move", "k-ann", "ann"), "the nick is the resumed seat's, not free");
    }

    @Test
    void aHeldSeatResumedOnAnotherNodeIsAnnouncedBackToEveryOtherNode() throws Exception {
        Node a = nodes.node("held");
        Node b = nodes.node("held");
        Node c = nodes.node("held");
        a.claim("held", "old", "ann");
        a.secret("held", "old", "secret-2");
        awaitView(c, Set.of("ann"));
        a.present("held", "old", false); // ann's connection dropped: seat held, ann announced left
        awaitView(c, Set.of());

        assertEquals(Optional.of(new Resumed("ann", false)), get(b.roster.resume("held", "new", "secret-2")));

        awaitView(c, Set.of("ann"));
        awaitView(a, Set.of("ann"));
        assertEquals(List.of("old"), a.view.taken());
    }

    @Test
    void aSecretOpensASeatOnceAndOnlyTheLatestSecretOfASeatOpensIt() throws Exception {
        Node a = nodes.node("once");
        Node b = nodes.node("once");
        a.claim("once", "old", "ann");
        a.secret("once", "old", "first");
        a.secret("once", "old", "second"); // a later welcome renewed it
        assertEquals(Optional.empty(), get(b.roster.resume("once", "n1", "first")), "a renewed secret no longer opens");
        assertEquals(Optional.of(new Resumed("ann", true)), get(b.roster.resume("once", "n2", "second")));
        assertEquals(Optional.empty(), get(b.roster.resume("once", "n3", "second")), "a used secret opens nothing");
        assertEquals(Optional.empty(), get(b.roster.resume("once", "n4", "never-handed-out")));
        assertEquals(Optional.empty(), get(b.roster.resume("other-room", "n5", "second")));
    }

    @Test
    void aNodeResumingItsOwnSeatsSecretGetsNothingFromTheRoster() throws Exception {
        Node a = nodes.node("own");
        a.claim("own", "old", "ann");
        a.secret("own", "old", "mine");
        // the room looks for its own seats' secrets itself: one it no longer knows opens nothing
        assertEquals(Optional.empty(), get(a.roster.resume("own", "new", "mine")));
    }

    @Test
    void aReleasedOrEvictedSeatsSecretOpensNothing() throws Exception {
        Node a = nodes.node("gone");
        Node b = nodes.node("gone");
        a.claim("gone", "s1", "ann");
        a.secret("gone", "s1", "released");
        a.release("gone", "s1");
        awaitTrue(() -> secrets("gone") == 0, 5_000);
        assertEquals(0, secrets("gone"), "a released seat's secret goes with it");
        assertEquals(Optional.empty(), get(b.roster.resume("gone", "n1", "released")));

        a.claim("gone", "s2", "bob");
        a.secret("gone", "s2", "evicted");
        awaitView(b, Set.of("bob"));
        a.roster.stopBeats(); // dead to the others: b's sweep evicts its seats
        awaitView(b, Set.of());
        assertEquals(0, secrets("gone"), "an evicted seat's secret goes with it");
        assertEquals(Optional.empty(), get(b.roster.resume("gone", "n2", "evicted")));
    }

    @Test
    void redisKeepsTheSecretsDigestNeverTheSecret() throws Exception {
        Node a = nodes.node("digest");
        a.claim("digest", "old", "ann");
        a.secret("digest", "old", "q3Xk9v0mR2aLw8ZcT1nB4g");
        Object stored = REDIS.command("HGETALL", "{room:digest}:secrets");
        assertFalse(String.valueOf(stored).contains("q3Xk9v0mR2aLw8ZcT1nB4g"), "stored: " + stored);
        assertTrue(String.valueOf(stored).contains(SeatKeys.secretDigest("q3Xk9v0mR2aLw8ZcT1nB4g")), "stored: " + stored);
    }

    /** Entries of the room's secrets hash: two per seat that has a secret. */
    private static long secrets(String room) {
        return (Long) REDIS.command("HLEN", "{room:" + room + "}:secrets");
    }
}
