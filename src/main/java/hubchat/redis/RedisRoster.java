package hubchat.redis;

import hubchat.roster.Roster;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The roster of a node among several, in Redis ({@link RosterStore}): nick claims are atomic
 * there, and each open room's changes by other nodes come back through the room's roster
 * channel, in version order ({@link RosterFollower}).
 *
 * <p>Keeping it true without anyone's help: every {@link #HEARTBEAT_MILLIS} the node renews its
 * liveness key (it lives {@link #ALIVE_MILLIS}); when Redis restarted since the last beat (its
 * run_id changed) or lost the key, or a write of this node failed, the node registers its
 * seats again ({@code sync}). Every {@link #SWEEP_MILLIS} each open room is looked at: a version
 * this node has not followed is read again, and the seats of a node whose key has been gone at
 * two looks in a row are evicted, announced as leaves to every node. A node that dies is so
 * announced within {@code ALIVE_MILLIS + 2 * SWEEP_MILLIS} of its last beat.
 */
public final class RedisRoster implements Roster, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisRoster.class.getName());
    /** How often a node says it is alive. */
    static final long HEARTBEAT_MILLIS = 2_000;
    /** How long a node counts as alive after it last said so: two and a half beats. */
    static final long ALIVE_MILLIS = 5_000;
    /** How often open rooms are checked for missed changes and dead nodes' seats. */
    static final long SWEEP_MILLIS = 2_000;
    /** How long a clean stop waits to give up this node's seats. */
    static final long GOODBYE_MILLIS = 1_000;

    private final RosterStore store;
    private final String node;
    private final RedisConnections redis;
    private final List<ScheduledFuture<?>> timers;
    private final Map<String, RosterFollower> rooms = new ConcurrentHashMap<>();
    /** Rooms whose seats must be registered again (a write failed). */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private volatile String lastRun;

    public RedisRoster(RedisConnections redis) {
        this.redis = redis;
        this.node = Long.toUnsignedString(new SecureRandom().nextLong(), 36);
        this.store = new RosterStore(redis, node);
        RosterSweep sweep = new RosterSweep(store, node, rooms.values());
        redis.withPubSub(pubSub -> {
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    RosterFollower room = rooms.get(channelRoom(channel));
                    if (room != null && channel.equals(RosterStore.channel(room.room()))) {
                        room.published(message);
                    }
                }
            });
            rooms.keySet().forEach(this::subscribe); // rooms opened before there was a connection
        });
        ScheduledExecutorService timer = redis.timer();
        this.timers = List.of(
                timer.scheduleWithFixedDelay(guarded(this::beat), 0, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS),
                timer.scheduleWithFixedDelay(guarded(sweep::run), SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** This node's id, as its seats carry it. */
    public String node() {
        return node;
    }

    @Override
    public void open(String room, Listener listener, LocalSeats seats) {
        RosterFollower follower = new RosterFollower(room, node, store, listener, seats);
        rooms.put(room, follower);
        // Read at once, on the command connection before any claim of the room's first join,
        // so the room knows the other nodes' members before it welcomes anyone; read again
        // once subscribed, for what changed in between.
        follower.reread();
        subscribe(room);
    }

    /** Subscribes to the room's changes, then reads its roster; without a connection yet, the sweep or the connection's arrival does. */
    private void subscribe(String room) {
        RosterFollower follower = rooms.get(room);
        try {
            redis.pubSub().async().subscribe(RosterStore.channel(room)).whenComplete((ok, error) -> {
                if (follower != null) {
                    follower.reread();
                }
            });
        } catch (RuntimeException notConnected) {
            // subscribed when the pub/sub connection comes; the sweep reads the roster meanwhile
        }
    }

    @Override
    public void close(String room) {
        RosterFollower follower = rooms.remove(room);
        if (follower != null) {
            try {
                redis.pubSub().async().unsubscribe(RosterStore.channel(room));
            } catch (RuntimeException notConnected) {
                // nothing subscribed then
            }
            follower.close();
            dirty.remove(room);
            watch(room, store.sync(room, List.of())); // seats left behind (held ones) go
        }
    }

    @Override
    public CompletionStage<Optional<String>> claim(String room, String seatKey, List<String> candidates) {
        return watch(room, store.claim(room, seatKey, candidates, false));
    }

    @Override
    public CompletionStage<Optional<String>> rename(String room, String seatKey, List<String> candidates) {
        return watch(room, store.claim(room, seatKey, candidates, true));
    }

    @Override
    public void secret(String room, String seatKey, String secret) {
        watch(room, store.secret(room, seatKey, secret));
    }

    @Override
    public CompletionStage<Optional<Resumed>> resume(String room, String seatKey, String secret) {
        return watch(room, store.resume(room, seatKey, secret));
    }

    @Override
    public void present(String room, String seatKey, boolean present) {
        watch(room, store.present(room, seatKey, present));
    }

    @Override
    public void release(String room, String seatKey) {
        watch(room, store.release(room, seatKey));
    }

    /**
     * A clean stop: this node's seats in every open room are given up (announced as leaves at
     * once, rather than when the others find this node dead), waiting at most
     * {@link #GOODBYE_MILLIS}; then the beats stop.
     */
    @Override
    public void close() {
        List<CompletableFuture<Long>> goodbyes = new ArrayList<>();
        for (String room : List.copyOf(rooms.keySet())) {
            goodbyes.add(store.sync(room, List.of()).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(goodbyes.toArray(CompletableFuture[]::new)).get(GOODBYE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.info("this node's seats could not all be given up (" + e + "): the other nodes remove them when they find it gone");
        }
        stopBeats();
    }

    /** Stops the beats and sweeps only: to the other nodes, this one has died. */
    void stopBeats() {
        timers.forEach(t -> t.cancel(false));
    }

    /** A periodic task that a failure does not stop. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Redis roster's periodic task failed", e);
            }
        };
    }

    /** A failed write leaves the room's seats to be registered again at the next beat. */
    private <T> CompletionStage<T> watch(String room, CompletionStage<T> write) {
        return write.whenComplete((ok, error) -> {
            if (error != null) {
                dirty.add(room);
            }
        });
    }

    private void beat() {
        store.heartbeat(ALIVE_MILLIS).whenComplete((beat, error) -> {
            if (error != null) {
                return; // Redis is away: the beat after it is back registers what it lost
            }
            boolean lost = lastRun != null && (!beat.run().equals(lastRun) || !beat.existed());
            lastRun = beat.run();
            if (lost) {
                LOG.info("Redis lost this node's roster (restarted, or the node was taken for dead): registering its seats again");
                dirty.addAll(rooms.keySet());
            }
            for (String room : List.copyOf(dirty)) {
                RosterFollower follower = rooms.get(room);
                if (follower != null && dirty.remove(room)) {
                    follower.register().whenComplete((conflicts, failed) -> {
                        if (failed != null) {
                            dirty.add(room);
                        }
                    });
                }
            }
        });
    }

    /** The room of a roster channel {@code {room:NAME}:roster}. */
    private static String channelRoom(String channel) {
        int end = channel.lastIndexOf("}:");
        return channel.startsWith("{room:") && end > 6 ? channel.substring(6, end) : "";
    }
}
