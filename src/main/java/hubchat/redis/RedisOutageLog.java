package hubchat.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The start and the end of each Redis outage in the node's log: one WARNING when a connection
 * that was up is lost, one INFO when it is back, however many reconnect attempts came between.
 * A connection the node closes itself (at stop) is no outage. Only host and port are named,
 * never the password.
 */
final class RedisOutageLog implements RedisConnectionStateListener {
    private static final Logger LOG = Logger.getLogger(RedisConnections.class.getName());

    private final String where;
    /** Which of the node's connections a handler is ("commands", "pub/sub"). */
    private final Function<RedisChannelHandler<?, ?>, String> which;
    private final BooleanSupplier closing;
    /** Connections lost and not back yet: each outage is logged once, at its start and its end. */
    private final Set<RedisChannelHandler<?, ?>> lost = ConcurrentHashMap.newKeySet();

    RedisOutageLog(String where, Function<RedisChannelHandler<?, ?>, String> which, BooleanSupplier closing) {
        this.where = where;
        this.which = which;
        this.closing = closing;
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!closing.getAsBoolean() && lost.add(connection)) {
            LOG.warning(() -> "Lost the connection (" + which.apply(connection) + ") to Redis at " + where
                    + "; reconnecting by itself; until then the node is not ready and messages are answered unavailable");
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (lost.remove(connection)) {
            LOG.info(() -> "Connected again (" + which.apply(connection) + ") to Redis at " + where);
        }
    }
}
