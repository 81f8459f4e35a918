package hubchat.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

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
 * <p>{@link #open} makes the first connections at once and throws if Redis cannot be reached;
 * {@link #connecting} returns at once and keeps trying in the background (a node that starts
 * while Redis is down runs, unavailable, until Redis is there).
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

    private static final Logger LOG = Logger.getLogger(RedisConnections.class.getName());
    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(50);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    /** Lettuce's event loops: two are plenty for two connections, instead of one per core. */
    private static final int THREADS = 2;

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI target;
    private final Limits limits;
    /** Null until first connected; from then on Lettuce keeps each one connected. */
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    /** What is to be done with the pub/sub connection once there is one (guarded by this). */
    private final List<Consumer<StatefulRedisPubSubConnection<String, String>>> pubSubUsers = new ArrayList<>();
    private volatile boolean closed;

    private RedisConnections(URI url, Limits limits) {
        this.limits = limits;
        this.target = RedisURI.create(url);
        target.setTimeout(limits.commandTimeout());
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(THREADS)
                .computationThreadPoolSize(THREADS)
                .reconnectDelay(Delay.exponential(FIRST_RECONNECT_DELAY, limits.maxReconnectDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, target);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(limits.requestQueueSize())
                .socketOptions(SocketOptions.builder().connectTimeout(limits.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(limits.commandTimeout()))
                .build());
        client.addListener(new RedisOutageLog(where(), c -> c == commands ? "commands" : c == pubSub ? "pub/sub" : "other",
                () -> closed));
    }

    /**
     * Connects to {@code url} ({@code redis://[:password@]host[:port][/db]}, {@code rediss://}
     * for TLS) with the default limits.
     */
    public static RedisConnections open(URI url) {
        return open(url, Limits.DEFAULT);
    }

    /** Connects to {@code url} with these limits; throws {@link RedisConnectionException} if it cannot. */
    public static RedisConnections open(URI url, Limits limits) {
        RedisConnections c = new RedisConnections(url, limits);
        try {
            c.commands = c.client.connect();
            c.pubSubConnected(c.client.connectPubSub());
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Connections to {@code url} made in the background: returns at once, and until a
     * connection is made (tried again after each failure, at most {@link Limits#maxReconnectDelay()}
     * apart) its commands fail with {@link RedisConnectionException}.
     */
    public static RedisConnections connecting(URI url, Limits limits) {
        RedisConnections c = new RedisConnections(url, limits);
        // Pub/sub second: whoever waits for it (to subscribe, then read) finds commands working.
        c.keepConnecting("commands", () -> c.client.connectAsync(StringCodec.UTF8, c.target), connection -> {
            c.commands = connection;
            c.keepConnecting("pub/sub", () -> c.client.connectPubSubAsync(StringCodec.UTF8, c.target),
                    c::pubSubConnected, FIRST_RECONNECT_DELAY.toMillis(), true);
        }, FIRST_RECONNECT_DELAY.toMillis(), true);
        return c;
    }

    /** The node's connection for commands, shared by every caller; throws {@link RedisConnectionException} before the first connection. */
    public RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null) {
            throw new RedisConnectionException("not connected to Redis at " + where() + " yet");
        }
        return c.async();
    }

    /** The node's one pub/sub connection; throws {@link RedisConnectionException} before the first connection. */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        StatefulRedisPubSubConnection<String, String> c = pubSub;
        if (c == null) {
            throw new RedisConnectionException("not connected to Redis at " + where() + " yet");
        }
        return c;
    }

    /**
     * Runs {@code user} with the pub/sub connection: now if there is one, else once there is
     * (on a Lettuce thread). For adding listeners, which then stay for the connection's life.
     */
    public void withPubSub(Consumer<StatefulRedisPubSubConnection<String, String>> user) {
        StatefulRedisPubSubConnection<String, String> c;
        synchronized (this) {
            c = pubSub;
            if (c == null) {
                pubSubUsers.add(user);
                return;
            }
        }
        user.accept(c);
    }

    /** Lettuce's scheduler (its computation threads), for short periodic work that never blocks. */
    public ScheduledExecutorService timer() {
        return resources.eventExecutorGroup();
    }

    /**
     * The stage of {@code command}, sent through these connections; failed, not thrown, when it
     * cannot even be sent (no connection yet), so that callers handle one kind of failure.
     */
    public static <T> CompletionStage<T> failFast(Supplier<CompletionStage<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException notSent) {
            return CompletableFuture.failedFuture(notSent);
        }
    }

    /** Whether both connections are up now (each reconnects by itself when it is not). */
    public boolean isConnected() {
        StatefulRedisConnection<String, String> c = commands;
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        return c != null && c.isOpen() && p != null && p.isOpen();
    }

    /** Closes both connections and stops Lettuce's threads; commands still waiting fail. */
    @Override
    public void close() {
        List<StatefulConnection<?, ?>> open = new ArrayList<>();
        synchronized (this) {
            closed = true;
            if (pubSub != null) {
                open.add(pubSub);
            }
            if (commands != null) {
                open.add(commands);
            }
        }
        open.forEach(StatefulConnection::close);
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pubSubConnected(StatefulRedisPubSubConnection<String, String> c) {
        List<Consumer<StatefulRedisPubSubConnection<String, String>>> users;
        synchronized (this) {
            pubSub = c;
            users = new ArrayList<>(pubSubUsers);
            pubSubUsers.clear();
        }
        users.forEach(user -> user.accept(c));
    }

    /**
     * Tries {@code connect} after {@code delayMillis}, and again after each failure with a
     * delay that doubles up to the limit, until it succeeds; from then on Lettuce reconnects.
     */
    private <C extends StatefulConnection<String, String>> void keepConnecting(String which,
            Supplier<? extends CompletionStage<C>> connect, Consumer<C> connected, long delayMillis, boolean first) {
        timer().schedule(() -> {
            if (closed) {
                return;
            }
            CompletionStage<C> attempt;
            try {
                attempt = connect.get();
            } catch (RuntimeException | LinkageError e) {
                // thrown rather than returned as a failed stage (a class missing from the WAR was
                // one): a failure like any other, logged and tried again, never lost in the timer
                attempt = CompletableFuture.failedFuture(e);
            }
            attempt.whenComplete((connection, error) -> {
                if (error == null) {
                    synchronized (this) {
                        if (closed) {
                            connection.closeAsync();
                            return;
                        }
                    }
                    LOG.info(() -> "Connected (" + which + ") to Redis at " + where());
                    connected.accept(connection);
                } else {
                    LOG.log(first ? Level.WARNING : Level.FINE, () -> "Redis at " + where() + " cannot be reached ("
                            + which + "): " + error + "; trying again, at most " + limits.maxReconnectDelay().toMillis()
                            + " ms apart");
                    keepConnecting(which, connect, connected,
                            Math.min(delayMillis * 2, limits.maxReconnectDelay().toMillis()), false);
                }
            });
        }, first ? 0 : delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Host and port, never the password. */
    private String where() {
        return target.getHost() + ":" + target.getPort();
    }
}
