package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.roster.Roster;
import hubchat.roster.Roster.SeatState;
import hubchat.roster.SeatKeys;
import hubchat.testing.RedisServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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

/**
 * Roster nodes for the roster tests: each its own connections to one real redis-server and its
 * own {@link RedisRoster}, with a room open on it, the seats a room there would have, and what
 * the roster told that room ({@link View}). {@link #close} stops every node made and empties
 * Redis for the next test.
 */
final class RosterNodes implements AutoCloseable {
    private final RedisServer redis;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    RosterNodes(RedisServer redis) {
        this.redis = redis;
    }

    /** A new node with {@code room} open. */
    Node node(String room) {
        return new Node(room);
    }

    /** Closes the nodes, the last made first, then empties Redis. */
    @Override
    public void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
        redis.flushAll();
    }

    /** One node: its connections, its roster, and per room what the roster told it and the seats it has. */
    final class Node {
        final RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)));
        final RedisRoster roster = new RedisRoster(connections);
        final Map<String, SeatState> seats = new ConcurrentHashMap<>();
        final View view = new View();

        private Node(String room) {
            toClose.add(connections);
            toClose.add(roster);
            roster.open(room, view, () -> CompletableFuture.completedFuture(List.copyOf(seats.values())));
        }

        /** Claims a nick for the new seat {@code key}; the nick granted, or null. */
        String claim(String room, String key, String... candidates) throws Exception {
            Optional<String> nick = get(roster.claim(room, key, List.of(candidates)));
            nick.ifPresent(n -> seats.put(key, new SeatState(key, n, true)));
            return nick.orElse(null);
        }

        /** As a room does at each welcome: the seat's new resume secret; returns once Redis has it. */
        void secret(String room, String key, String secret) throws InterruptedException {
            roster.secret(room, key, secret);
            String digest = SeatKeys.secretDigest(secret);
            awaitTrue(() -> key.equals(redis.command("HGET", "{room:" + room + "}:secrets", digest)), 5_000);
        }

        /** As a room does: its own seats say it too, so a registration again (after a beat found a write failed) keeps it. */
        void present(String room, String key, boolean present) {
            seats.computeIfPresent(key, (k, seat) -> new SeatState(k, seat.nick(), present));
            roster.present(room, key, present);
        }

        /** As a room does when a seat is gone: it is no longer its seat, and the roster is told. */
        void release(String room, String key) {
            seats.remove(key);
            roster.release(room, key);
        }
    }

    /** The other nodes' present seats as a room would keep them from what the roster says: how many per nick. */
    static final class View implements Roster.Listener {
        private final Map<String, Integer> others = new LinkedHashMap<>();
        final List<String> renames = new ArrayList<>();
        private final List<String> taken = new ArrayList<>();
        private final List<Map<String, Integer>> history = new ArrayList<>();

        @Override
        public synchronized void others(Collection<String> nicks) {
            others.clear();
            nicks.forEach(nick -> others.merge(nick, 1, Integer::sum));
            history.add(Map.copyOf(others));
        }

        @Override
        public synchronized void joined(String nick) {
            others.merge(nick, 1, Integer::sum);
            history.add(Map.copyOf(others));
        }

        @Override
        public synchronized void left(String nick) {
            others.computeIfPresent(nick, (n, seats) -> seats == 1 ? null : seats - 1);
            history.add(Map.copyOf(others));
        }

        @Override
        public synchronized void renamed(String from, String to) {
            left(from);
            joined(to);
            renames.add(from + ">" + to);
        }

        @Override
        public synchronized void taken(String seatKey) {
            taken.add(seatKey);
        }

        /** This node's seats taken over by resumes on other nodes, in order. */
        synchronized List<String> taken() {
            return List.copyOf(taken);
        }

        /** The seats per nick after each change told (a join, a leave, all of them afresh), in order. */
        synchronized List<Map<String, Integer>> history() {
            return List.copyOf(history);
        }

        /** The nicks other nodes have present. */
        synchronized Set<String> others() {
            return Set.copyOf(others.keySet());
        }

        /** Every nick other nodes have present, with how many present seats have it. */
        synchronized Map<String, Integer> seats() {
            return Map.copyOf(others);
        }
    }

    /** The nicks of a roster as read. */
    static Set<String> names(RosterStore.Snapshot snapshot) {
        Set<String> out = new LinkedHashSet<>();
        snapshot.seats().forEach(s -> out.add(s.nick()));
        return out;
    }

    /** Waits up to 10 s for {@code node}'s room to have been told that other nodes have exactly {@code expected}. */
    static void awaitView(Node node, Set<String> expected) throws InterruptedException {
        assertEquals(expected, awaitValue(node.view::others, expected));
    }

    /** Waits up to 10 s for {@code node}'s room to have been told that other nodes have these seats per nick. */
    static void awaitSeats(Node node, Map<String, Integer> expected) throws InterruptedException {
        assertEquals(expected, awaitValue(node.view::seats, expected));
    }

    /**
     * Reads {@code value} for up to 10 s until it is {@code expected}; returns the last value
     * read, the one the caller asserts on (a second read could see a later change, and a view
     * on its way to the expected one may pass through it: callers wait for the state before).
     */
    private static <T> T awaitValue(Supplier<T> value, T expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        T last = value.get();
        while (!last.equals(expected) && System.nanoTime() < end) {
            Thread.sleep(20);
            last = value.get();
        }
        return last;
    }

    /** Waits up to {@code millis} for {@code condition}; the caller asserts it afterwards. */
    static void awaitTrue(Supplier<Boolean> condition, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.get() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
