package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.redis.RedisConnections.Limits;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A node's Redis connections against a real redis-server: they work, they fail fast while Redis
 * is gone or frozen instead of piling up commands, and they recover by themselves.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisConnectionsTest {

    /** Held, so that the level set on it stays (JUL keeps loggers weakly). */
    private static final Logger QUIET = Logger.getLogger("io.lettuce.core.protocol.DefaultEndpoint");

    @Test
    void commandsAndPubSubWork() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            assertEquals("OK", connections.commands().set("k", "v").get());
            assertEquals("v", connections.commands().get("k").get());
            LinkedBlockingQueue<String> received = subscribe(connections, "ch");
            assertEquals(1L, connections.commands().publish("ch", "hello").get(), "one subscriber");
            assertEquals("hello", received.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void withRedisStoppedACommandFailsAtOnceAndAfterItsRestartTheConnectionsRecoverByThemselves() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            LinkedBlockingQueue<String> received = subscribe(connections, "ch");
            redis.stop();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                CompletionException failed = assertThrows(CompletionException.class,
                        () -> connections.commands().ping().toCompletableFuture().join());
                long took = millisSince(start);
                assertInstanceOf(RedisException.class, failed.getCause());
                assertTrue(took < 1000, "failed in " + took + " ms, well within the 2 s timeout: " + failed.getCause());
            }

            redis.start();
            long start = System.nanoTime();
            while (!ping(connections)) {
                assertTrue(millisSince(start) < 5000, "reconnected within 5 s of Redis being back");
                Thread.sleep(20);
            }
            // The pub/sub connection came back too, subscribed again to its channel.
            long subscribers = 0;
            while (subscribers == 0 && millisSince(start) < 5000) {
                subscribers = connections.commands().publish("ch", "after restart").get();
                Thread.sleep(20);
            }
            assertEquals(1L, subscribers, "the channel has its subscriber again");
            assertEquals("after restart", received.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void anOutageIsLoggedOnceAsItStartsAndOnceAsItEndsPerConnectionWithoutThePassword() throws Exception {
        Logger log = Logger.getLogger(RedisConnections.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(recorder);
        try (RedisServer redis = RedisServer.started(Options.DEFAULT.withPassword("s3cret"));
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            redis.stop();
            Thread.sleep(1500); // several reconnect attempts fail meanwhile: still one outage
            redis.start();
            long start = System.nanoTime();
            while (!connections.isConnected() || !ping(connections)) {
                assertTrue(millisSince(start) < 5000, "reconnected within 5 s of Redis being back");
                Thread.sleep(20);
            }
            List<String> lost = messages(records, Level.WARNING);
            List<String> back = messages(records, Level.INFO).stream().filter(m -> m.startsWith("Connected again")).toList();
            assertEquals(2, lost.size(), "one line per connection as the outage started: " + lost);
            assertTrue(lost.stream().anyMatch(m -> m.contains("(commands)")) && lost.stream().anyMatch(m -> m.contains("(pub/sub)")), lost.toString());
            assertEquals(2, back.size(), "one line per connection as it ended: " + back);
            assertTrue(lost.stream().allMatch(m -> m.contains("127.0.0.1:" + redis.port())), "names where Redis is: " + lost);
            assertTrue(records.stream().noneMatch(r -> r.getMessage().contains("s3cret")), "no password in the log");
            records.clear();
        } finally {
            log.removeHandler(recorder);
        }
        assertEquals(List.of(), messages(records, Level.WARNING), "closing the node's connections is no outage");
    }

    private static List<String> messages(List<LogRecord> records, Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
    }

    @Test
    void aFrozenRedisFailsACommandWhenItsTimeoutIsUp() throws Exception {
        Limits limits = new Limits(Duration.ofMillis(500), Duration.ofSeconds(2), 100, Duration.ofSeconds(1));
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)), limits)) {
            var over = redis.stall(2000);
            long start = System.nanoTime();
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> connections.commands().ping().toCompletableFuture().join());
            long took = millisSince(start);
            assertInstanceOf(RedisCommandTimeoutException.class, failed.getCause());
            assertTrue(took >= 400 && took < 1500, "timed out after its 500 ms: " + took + " ms");
            over.join();
            assertEquals("PONG", connections.commands().ping().get(), "the same connection works again");
        }
    }

    @Test
    void commandsBeyondTheRequestQueueAreRejectedNotQueued() throws Exception {
        Limits limits = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(2), 50, Duration.ofSeconds(1));
        // Lettuce logs each refused command; 150 of them here are the point, not news.
        QUIET.setLevel(Level.SEVERE);
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)), limits)) {
            var over = redis.stall(1500);
            List<RedisFuture<Long>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add(connections.commands().incr("n"));
            }
            // Refused on Lettuce's event loop, so a moment after the call, yet long before the stall ends.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
            while (refused(sent) < 150 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(150, refused(sent), "all beyond the 50 waiting were refused while Redis was frozen");
            assertTrue(!over.isDone(), "still frozen: refused, not timed out");
            over.join();
            int done = 0;
            for (RedisFuture<Long> f : sent) {
                try {
                    f.get(5, TimeUnit.SECONDS);
                    done++;
                } catch (ExecutionException refused) {
                    assertTrue(refused.getCause().getMessage().contains("size exceeded"), refused.getCause().getMessage());
                }
            }
            assertEquals(50, done);
            assertEquals("50", connections.commands().get("n").get(), "Redis ran exactly the accepted ones");
        }
    }

    @Test
    void aUrlWithPasswordAndDbIndexReachesThatDb() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT.withPassword("s3cret"))) {
            try (RedisConnections connections = RedisConnections.open(URI.create(redis.url(5)))) {
                assertEquals("OK", connections.commands().set("k", "in five").get());
            }
            assertEquals("in five", redis.command("EVAL", "redis.call('SELECT', 5) return redis.call('GET', KEYS[1])",
                    "1", "k"));
            assertNull(redis.command("GET", "k"), "not in db 0");
            URI wrong = URI.create("redis://:wrong@127.0.0.1:" + redis.port() + "/5");
            assertThrows(RedisConnectionException.class, () -> RedisConnections.open(wrong).close());
        }
    }

    private static long refused(List<RedisFuture<Long>> sent) {
        return sent.stream().filter(f -> f.toCompletableFuture().isCompletedExceptionally()).count();
    }

    private static LinkedBlockingQueue<String> subscribe(RedisConnections connections, String channel) throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        connections.pubSub().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                received.add(message);
            }
        });
        connections.pubSub().async().subscribe(channel).get();
        return received;
    }

    private static boolean ping(RedisConnections connections) {
        try {
            return "PONG".equals(connections.commands().ping().get());
        } catch (Exception notYet) {
            return false;
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
