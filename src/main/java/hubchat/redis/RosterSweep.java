package hubchat.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One look at every room a node has open, run every {@link RedisRoster#SWEEP_MILLIS}: a roster
 * version the node has not followed makes it read the roster again ({@link RosterFollower#check}),
 * and the seats of a node whose liveness key was gone at this look and the one before are
 * evicted (announced as leaves to every node). Two looks, not one, so that a Redis that stalled
 * past the keys' lifetime does not evict every node at once: their beats renew the keys first.
 */
final class RosterSweep implements Runnable {
    private static final Logger LOG = Logger.getLogger(RosterSweep.class.getName());

    private final RosterStore store;
    private final String self;
    private final Collection<RosterFollower> rooms;
    /** Nodes found dead at the last look: evicted if still dead at this one. */
    private volatile Set<String> suspects = Set.of();

    RosterSweep(RosterStore store, String self, Collection<RosterFollower> rooms) {
        this.store = store;
        this.self = self;
        this.rooms = rooms;
    }

    @Override
    public void run() {
        Map<String, CompletionStage<Boolean>> alive = new HashMap<>(); // one check per node and look
        Set<String> dead = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> looks = new ArrayList<>();
        for (RosterFollower room : rooms) {
            looks.add(store.read(room.room()).thenCompose(snapshot -> {
                room.check(snapshot);
                Set<String> nodes = new LinkedHashSet<>();
                snapshot.seats().forEach(s -> nodes.add(s.node()));
                nodes.remove(self);
                List<CompletableFuture<Void>> checks = new ArrayList<>();
                for (String other : nodes) {
                    CompletionStage<Boolean> check;
                    synchronized (alive) {
                        check = alive.computeIfAbsent(other, store::isAlive);
                    }
                    checks.add(check.thenAccept(isAlive -> {
                        if (!isAlive) {
                            dead.add(other);
                        }
                    }).toCompletableFuture());
                }
                return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                        .thenCompose(done -> evict(room.room(), nodes, dead));
            }).toCompletableFuture());
        }
        CompletableFuture.allOf(looks.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.log(Level.FINE, "roster sweep incomplete", error);
            }
            suspects = Set.copyOf(dead);
        });
    }

    /** Evicts from {@code room} the seats of its {@code nodes} found dead now and at the look before. */
    private CompletableFuture<Void> evict(String room, Set<String> nodes, Set<String> dead) {
        Set<String> evict = new HashSet<>(dead);
        evict.retainAll(nodes);
        evict.retainAll(suspects);
        if (evict.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return store.evict(room, evict).thenAccept(n -> {
            if (n > 0) {
                LOG.info("room " + room + ": " + n + " seats of nodes gone silent removed");
            }
        }).toCompletableFuture();
    }
}
