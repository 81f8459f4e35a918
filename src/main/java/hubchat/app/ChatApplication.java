package hubchat.app;

import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.engine.MemoryEngine;
import hubchat.hub.ChatHub;
import hubchat.hub.HubExecutors;
import hubchat.hub.SystemTimekeeper;
import hubchat.hub.Timekeeper;
import hubchat.logging.LogFormat;
import hubchat.metrics.ChatMetrics;
import hubchat.metrics.MetricsAccess;
import hubchat.metrics.TimedEngine;
import hubchat.roster.LocalRoster;
import hubchat.redis.Archiver;
import hubchat.redis.RedisConnections;
import hubchat.redis.RedisEngine;
import hubchat.redis.RedisRoster;
import hubchat.store.DataFolder;
import hubchat.store.Database;
import hubchat.store.DatabaseArchive;
import hubchat.store.JdbcEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.CDI;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
    /** Redis' port where its URL names none. */
    private static final int DEFAULT_REDIS_PORT = 6379;

    /** The hub this deployment made, stopped when the deployment ends (see {@link StartAtDeployment}). */
    private static final AtomicReference<ChatHub> MADE = new AtomicReference<>();

    @Produces
    @ApplicationScoped
    ChatHub hub() {
        ChatHub hub = wire(Settings.fromEnvironment());
        MADE.set(hub);
        return hub;
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
     * nicks are then shared through Redis too ({@link RedisRoster}); with a database named too,
     * every message is archived to it ({@link Archiver}, {@link DatabaseArchive}) and pages
     * older than Redis keeps read it. At stop this node's seats are given up, the archiver
     * finishes its batch and the database closes, then the Redis connections close.
     *
     * <p>Before anything: the log format ({@code CHAT_LOG_FORMAT}); then the metrics, in a
     * registry of this hub's own, readable as {@code CHAT_METRICS_ALLOW} and
     * {@code CHAT_METRICS_TOKEN} say (a bad address list stops the start here), with every
     * engine call timed ({@link TimedEngine}).
     */
    public static ChatHub wire(Settings settings) {
        LogFormat.apply(settings.logFormat());
        LOG.info(settings.describeNonDefaults());
        ChatMetrics metrics = new ChatMetrics(MetricsAccess.of(settings)).includingJvm();
        HubExecutors executors = HubExecutors.forContainer(settings.hubThreads());
        Timekeeper time = new SystemTimekeeper(executors.timer());
        Optional<URI> redisUrl = settings.redisUrl();
        if (redisUrl.isEmpty()) {
            Optional<Database> db = database(settings);
            if (db.isEmpty()) {
                LOG.info("history: in memory (lost at every restart)");
                Engine engine = new MemoryEngine(settings.historySize(), settings.historyBytes(), settings.roomIdleMillis(), time::now);
                return new ChatHub(settings, timed(engine, "memory", metrics), new LocalRoster(), executors, time, metrics);
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
            return new ChatHub(settings, timed(engine, "database", metrics), new LocalRoster(), executors, time, metrics)
                    .closingAtStop(engine);
        }
        int port = redisUrl.get().getPort();
        String where = "history: Redis at " + redisUrl.get().getHost() + ":" + (port < 0 ? DEFAULT_REDIS_PORT : port);
        Optional<Database> named = namedDatabase(settings);
        DatabaseArchive archive = null;
        if (named.isPresent()) {
            try {
                archive = new DatabaseArchive(named.get(), settings.retainMessages(), settings.retainDays(), time::now);
            } catch (RuntimeException e) {
                named.get().close();
                throw e;
            }
            LOG.info(where + ", archived to " + archive.description());
        } else {
            LOG.info(where + ", not archived (CHAT_DB_URL or CHAT_DB_JNDI names a database to archive every message to)");
        }
        RedisConnections redis = RedisConnections.connecting(redisUrl.get(), RedisConnections.Limits.DEFAULT);
        Archiver archiver = archive == null ? null : new Archiver(redis, archive);
        Engine engine = new RedisEngine(redis, settings.historySize(), settings.historyBytes(), settings.roomIdleMillis(),
                archiver);
        RedisRoster roster = new RedisRoster(redis);
        ChatHub hub = new ChatHub(settings, timed(engine, "redis", metrics), roster, executors, time, metrics)
                .closingAtStop(roster);
        if (archiver != null) {
            hub.closingAtStop(archiver).closingAtStop(archive); // the batch in hand finished, then the database closed
        }
        return hub.closingAtStop(redis);
    }

    /** {@code engine}, timed into {@code metrics}, which name it as the node's engine ({@code kind}). */
    private static Engine timed(Engine engine, String kind, ChatMetrics metrics) {
        metrics.engine(kind);
        return new TimedEngine(engine, metrics);
    }

    /**
     * The database history is kept in, if any: a container's DataSource, a server's URL, or
     * (unless the memory store is chosen) the embedded database in the data folder.
     */
    private static Optional<Database> database(Settings settings) {
        Optional<Database> named = namedDatabase(settings);
        if (named.isPresent() || settings.store().equals("memory")) {
            return named;
        }
        return Optional.of(Database.embedded(DataFolder.of(settings.dataDir())));
    }

    /**
     * The database named by a setting: a container's DataSource or a server's URL. With Redis,
     * only such a database, shared by every node, is an archive; the embedded one is one node's.
     */
    private static Optional<Database> namedDatabase(Settings settings) {
        if (!settings.dbJndi().isBlank()) {
            return Optional.of(Database.jndi(settings.dbJndi().strip()));
        }
        if (!settings.dbUrl().isBlank()) {
            return Optional.of(Database.url(settings.dbUrl().strip(), settings.dbUser(), settings.dbPassword().reveal()));
        }
        return Optional.empty();
    }

    /**
     * Stops the hub this deployment made, if any: called as the container ends the deployment,
     * so the hub's store (an embedded database's files and lock) is released even where the CDI
     * container cannot call the disposer then (Payara Micro undeploying an application it
     * redeployed at boot). Stopping is idempotent, so the disposer may run as well.
     */
    static void stopMade() {
        ChatHub hub = MADE.get();
        if (hub != null) {
            // Drains first. The stopped hub stays MADE: until the container is done with the
            // deployment, the filter and the probes ask it and answer as a stopping node (503),
            // rather than asking CDI, which may already be gone (500).
            hub.stop();
        }
    }

    /** The hub this deployment made (stopped, once it has ended), or null: health checks ask it without making one. */
    public static ChatHub made() {
        return MADE.get();
    }

    /**
     * The hub for a request: the one this deployment made while it has not stopped, else CDI's.
     * While a deployment ends, CDI may refuse lookups before the hub has stopped (Payara Micro
     * undeploying at SIGTERM), and a handshake or a probe then would fail with 500 instead of
     * reaching the hub, which answers it as a stopping node does.
     */
    public static ChatHub serving() {
        ChatHub made = MADE.get();
        return made != null ? made : current();
    }

    /** The application's hub, for the container classes CDI does not inject (filter, servlet, endpoint configurator). */
    public static ChatHub current() {
        return CDI.current().select(ChatHub.class).get();
    }
}
