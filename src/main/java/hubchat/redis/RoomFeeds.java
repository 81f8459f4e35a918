package hubchat.redis;

import hubchat.engine.Engine;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rooms open on this node and their subscriptions, all on the node's one pub/sub
 * connection: opening a room subscribes to its channel, closing it unsubscribes; one listener
 * hands each published entry to its room's {@link RoomFeed}.
 *
 * <p>A subscription can break (Redis restarted, the network cut, the client killed): Lettuce
 * reconnects and subscribes again by itself, and each confirmed subscription makes its room
 * catch up from the stream, so what was published meanwhile is still delivered. A timer ticks
 * every few seconds as a safety net: it subscribes rooms whose subscription is not confirmed
 * (one sent while disconnected was refused, and Lettuce does not remember it), starts rooms
 * whose start failed, and makes every open room catch up, which also keeps the room's keys
 * alive in Redis while this node holds it open.
 */
final class RoomFeeds {
    private static final Logger LOG = Logger.getLogger(RoomFeeds.class.getName());

    /**
     * The longest an append waits for this node's feed to deliver it: two catch-ups' worth. A
     * stored message not delivered by then most likely never will be; told to send it again, its
     * sender gets the stored one back by its cid if it was kept.
     */
    static final long DELIVERY_WAIT_MILLIS = 2 * RedisEngine.MAX_TICK_MILLIS;

    private final RedisConnections redis;
    private final RoomStream stream;
    private final int historySize;
    /** Open rooms by channel; changed together with the (un)subscriptions, under this object's lock. */
    private final Map<String, RoomFeed> byChannel = new ConcurrentHashMap<>();

    RoomFeeds(RedisConnections redis, RoomStream stream, int historySize, long tickMillis) {
        this.redis = redis;
        this.stream = stream;
        this.historySize = historySize;
        redis.withPubSub(pubSub -> {
            pubSub.addListener(new Channels());
            pubSub.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    byChannel.values().forEach(f -> f.subscribed(false));
                }
            });
            byChannel.keySet().forEach(this::subscribe); // rooms opened before there was a connection
        });
        redis.timer().scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    void open(String room, Engine.Feed feed) {
        String channel = RoomStream.channel(room);
        RoomFeed f = new RoomFeed(room, feed, stream, historySize, DELIVERY_WAIT_MILLIS);
        synchronized (this) {
            RoomFeed earlier = byChannel.put(channel, f);
            if (earlier != null) {
                earlier.close(); // opened again without a close: the newer feed takes over
            }
            subscribe(channel);
        }
        f.start();
    }

    /**
     * A stage that completes once this node's feed of {@code room} delivered the entry (epoch,
     * seq) this node appended, or at once if the room is not open here; fails with
     * {@link hubchat.engine.EngineUnavailableException} if Redis lost it before the feed could
     * deliver it, or if the feed has not delivered it after {@link #DELIVERY_WAIT_MILLIS} (checked
     * at each tick); either way its sender sends it again, and its cid answers a re-send of a
     * stored one.
     */
    CompletionStage<Void> awaitDelivery(String room, String epoch, long seq) {
        RoomFeed f = byChannel.get(RoomStream.channel(room));
        return f == null ? CompletableFuture.completedFuture(null) : f.awaitDelivery(epoch, seq);
    }

    void close(String room) {
        String channel = RoomStream.channel(room);
        synchronized (this) {
            RoomFeed f = byChannel.remove(channel);
            if (f != null) {
                f.close();
                unsubscribe(channel);
            }
        }
    }

    /** Sends SUBSCRIBE; if it is refused (not connected), the tick sends it again. */
    private void subscribe(String channel) {
        try {
            redis.pubSub().async().subscribe(channel);
        } catch (RuntimeException notConnected) {
            // the tick, or the connection's arrival, subscribes it
        }
    }

    private void unsubscribe(String channel) {
        try {
            redis.pubSub().async().unsubscribe(channel);
        } catch (RuntimeException notConnected) {
            // nothing subscribed then; should Lettuce subscribe it again, its confirmation unsubscribes it
        }
    }

    private void tick() {
        try {
            byChannel.forEach((channel, f) -> {
                if (!f.subscribed()) {
                    subscribe(channel);
                }
                f.catchUp(); // or starts it, if it could not start yet
                f.expireWaits();
            });
        } catch (RuntimeException e) { // never let the periodic task die
            LOG.log(Level.WARNING, "Redis rooms' periodic catch-up failed", e);
        }
    }

    /** The one listener of the node's pub/sub connection. Runs on its event loop. */
    private final class Channels extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            RoomFeed f = byChannel.get(channel);
            if (f == null) {
                return; // closed here: the unsubscription is on its way
            }
            StreamEntry e;
            try {
                e = StreamEntry.fromPublished(message);
            } catch (RuntimeException notAnEntry) {
                f.catchUp(); // whatever it was, the stream says what is stored
                return;
            }
            f.published(e);
        }

        @Override
        public void subscribed(String channel, long count) {
            RoomFeed f = byChannel.get(channel);
            if (f != null) {
                f.subscribed(true);
                f.catchUp(); // what was published while not subscribed is in the stream
                return;
            }
            synchronized (RoomFeeds.this) {
                // Only a room channel of this engine: the connection carries other users' channels too (the roster's).
                if (RoomStream.isChannel(channel) && !byChannel.containsKey(channel)) {
                    unsubscribe(channel); // a room closed while disconnected, subscribed again by Lettuce
                }
            }
        }

        @Override
        public void unsubscribed(String channel, long count) {
            RoomFeed f = byChannel.get(channel);
            if (f != null) {
                f.subscribed(false); // opened again since: its own SUBSCRIBE follows
            }
        }
    }
}
