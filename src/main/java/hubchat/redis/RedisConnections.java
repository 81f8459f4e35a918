package hubchat.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A node's connections to Redis: one for every command of the whole node and one for pub/sub,
 * never one per room or per user. Lettuce multiplexes every caller's commands over the one
 * connection without a thread per call; replies complete futures on its event-loop threads, so
 * whoever waits for them must hop back to its own thread before touching its state.
 *
 * <p>Built to fail fast rather than pile up work when Redis is slow or gone: a command that gets
 * no answer within {@link Limits#commandTimeout()} fails; commands sent while disconnected are
 * rejected at once instead of buffered; at most {@link Limits#requestQueueSize()} commands wait
 * for their answers, and one more is rejected. Both connections reconnect by themselves (the
 * pub/sub one subscribes again to its channels), after a delay that grows to at most
 * {@link Limits#maxReconnectDelay()}.
 *
 * <p>The first connection must succeed: {@link #open} throws if Redis cannot be reached then.
 */
public final class RedisConnections implements AutoCloseable {

    /**
     * How long a command may take, how long connecting may take, how many commands may wait for
     * their answers at once, and the longest pause between two attempts to reconnect.
     */
    public record Limits(Duration commandTimeout, Duration connectTimeout, int requestQueueSize,
            Duration maxReconnectDelay) {
        /**
         * A chat message waits for Redis at most 2 s before its sender is told to retry; 10,000
         * waiting commands is far beyond what a healthy Redis leaves in flight for one node
         * (it answers in well under a millisecond) yet a few MB at most.
         */
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(2), Duration.ofSeconds(2), 10_000,
                Duration.ofSeconds(2));
    }

    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(50);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    /** Lettuce's event loops: two are plenty for two connections, instead of one per core. */
    private static final int THREADS = 2;

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubSub;

    private RedisConnections(ClientResources resources, RedisClient client,
            StatefulRedisConnection<String, String> commands, StatefulRedisPubSubConnection<String, String> pubSub) {
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.pubSub = pubSub;
    }

    /**
     * Connects to {@code url} ({@code redis://[:password@]host[:port][/db]}, {@code rediss://}
     * for TLS) with the default limits.
     */
    public static RedisConnections open(URI url) {
        return open(url, Limits.DEFAULT);
    }

    /** Connects to {@code url} with these limits; throws {@link io.lettuce.core.RedisConnectionException} if it cannot. */
    public static RedisConnections open(URI url, Limits limits) {
        RedisURI target = RedisURI.create(url);
        target.setTimeout(limits.commandTimeout());
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(THREADS)
                .computationThreadPoolSize(THREADS)
                .reconnectDelay(Delay.exponential(FIRST_RECONNECT_DELAY, limits.maxReconnectDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, target);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(limits.requestQueueSize())
                .socketOptions(SocketOptions.builder().connectTimeout(limits.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(limits.commandTimeout()))
                .build());
        StatefulRedisConnection<String, String> commands = null;
        try {
            commands = client.connect();
            return new RedisConnections(resources, client, commands, client.connectPubSub());
        } catch (RuntimeException e) {
            if (commands != null) {
                commands.close();
            }
            shutdown(client, resources);
            throw e;
        }
    }

    /** The node's connection for commands, shared by every caller. */
    public RedisAsyncCommands<String, String> commands() {
        return commands.async();
    }

    /** The node's one pub/sub connection: add listeners and subscribe to channels on it. */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return pubSub;
    }

    /** Whether the command connection is up now (it reconnects by itself when it is not). */
    public boolean isConnected() {
        return commands.isOpen();
    }

    /** Closes both connections and stops Lettuce's threads; commands still waiting fail. */
    @Override
    public void close() {
        pubSub.close();
        commands.close();
        shutdown(client, resources);
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
