package hubchat.app;

import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.engine.MemoryEngine;
import hubchat.hub.ChatHub;
import hubchat.hub.HubExecutors;
import hubchat.hub.SystemTimekeeper;
import hubchat.hub.Timekeeper;
import hubchat.redis.RedisConnections;
import hubchat.redis.RedisEngine;
import hubchat.redis.RedisRoster;
import hubchat.store.DataFolder;
import hubchat.store.Database;
import hubchat.store.JdbcEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.CDI;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where the application is wired, all in one place, as in the Go chat's {@code main.go}: the
 * settings come from the environment, history from a database (embedded by default), memory or
 * Redis, threads from the
 * container's managed executors or the hub's own, time from the wall clock; the hub receives
 * them. CDI makes the application's one hub here, and stops it when the application stops.
 */
@ApplicationScoped
public class ChatApplication {
    private static final Logger LOG = Logger.getLogger(ChatApplication.class.getName());

    @Produces
    @ApplicationScoped
    ChatHub hub() {
        return wire(Settings.fromEnvironment());
    }

    void stop(@Disposes ChatHub hub) {
        hub.stop();
    }

    /**
     * The hub the application runs for {@code settings}: the container's, or a test's. Without
     * Redis, history is kept in a database (the embedded one in the data folder unless one is
     * named, or memory if chosen); tables newer than this release stop the start. With a
     * Redis URL, rooms live in that Redis, shared with every node that uses it; the node starts
     * even while Redis is down (its engine is unavailable and connects by itself). Presence and
     * nicks are then shared through Redis too ({@link RedisRoster}); at stop this node's seats
     * are given up, then its Redis connections close.
     */
    public static ChatHub wire(Settings settings) {
        LOG.info(settings.describeNonDefaults());
        HubExecutors executors = HubExecutors.forContainer(settings.hubThreads());
        Timekeeper time = new SystemTimekeeper(executors.timer());
        Optional<URI> redisUrl = settings.redisUrl();
        if (redisUrl.isEmpty()) {
            Optional<Database> db = database(settings);
            if (db.isEmpty()) {
                LOG.info("history: in memory (lost at every restart)");
                Engine engine = new MemoryEngine(settings.historySize(), settings.historyBytes(), settings.roomIdleMillis(), time::now);
                return new ChatHub(settings, engine, executors, time);
            }
            LOG.info("history: " + db.get().description());
            JdbcEngine engine;
            try {
                engine = new JdbcEngine(db.get(), settings.historySize(), settings.historyBytes(), settings.roomIdleMillis(),
                        settings.retainMessages(), settings.retainDays(), time::now);
            } catch (RuntimeException e) {
                db.get().close();
                throw e;
            }
            return new ChatHub(settings, engine, executors, time).closingAtStop(engine);
        }
        if (!settings.dbUrl().isBlank() || !settings.dbJndi().isBlank()) {
            LOG.warning("CHAT_DB_URL and CHAT_DB_JNDI are not used with CHAT_REDIS_URL: history lives in Redis");
        }
        RedisConnections redis = RedisConnections.connecting(redisUrl.get(), RedisConnections.Limits.DEFAULT);
        Engine engine = new RedisEngine(redis, settings.historySize(), settings.historyBytes(), settings.roomIdleMillis());
        RedisRoster roster = new RedisRoster(redis);
        return new ChatHub(settings, engine, roster, executors, time).closingAtStop(roster).closingAtStop(redis);
    }

    /**
     * The database history is kept in, if any: a container's DataSource, a server's URL, or
     * (unless the memory store is chosen) the embedded database in the data folder.
     */
    private static Optional<Database> database(Settings settings) {
        if (!settings.dbJndi().isBlank()) {
            return Optional.of(Database.jndi(settings.dbJndi().strip()));
        }
        if (!settings.dbUrl().isBlank()) {
            return Optional.of(Database.url(settings.dbUrl().strip(), settings.dbUser(), settings.dbPassword().reveal()));
        }
        if (settings.store().equals("memory")) {
            return Optional.empty();
        }
        return Optional.of(Database.embedded(DataFolder.of(settings.dataDir())));
    }

    /** The application's hub, for the container classes CDI does not inject (filter, servlet, endpoint configurator). */
    public static ChatHub current() {
        return CDI.current().select(ChatHub.class).get();
    }
}
