package hubchat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.RedisServer.Options;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The test Redis fixture does what each of its methods says, checked through a real client
 * (Lettuce, plain, without the project's settings) against the real server.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisServerTest {

    @Test
    void answersOnItsLoopbackPortAndStopsWhenClosed() {
        int port;
        try (RedisServer redis = RedisServer.started(Options.DEFAULT)) {
            port = redis.port();
            assertTrue(redis.isRunning());
            use(redis, 0, r -> {
                r.set("k", "v");
                assertEquals("v", r.get("k"));
            });
        }
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }, "nothing listens after close");
    }

    @Test
    void aStopLosesEverythingByDefaultAndStartComesBackOnTheSamePort() {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT)) {
            use(redis, 0, r -> r.set("k", "v"));
            redis.stop();
            assertFalse(redis.isRunning());
            assertThrows(RedisException.class, () -> use(redis, 0, RedisCommands::ping));
            redis.start();
            use(redis, 0, r -> assertNull(r.get("k"), "nothing persisted"));
        }
    }

    @Test
    void withAnAppendOnlyFileACleanStopKeepsEveryWriteUntilWiped() {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT.withAppendOnly())) {
            use(redis, 0, r -> r.set("k", "v"));
            redis.stop();
            redis.start();
            use(redis, 0, r -> assertEquals("v", r.get("k")));
            redis.stop();
            redis.wipeData();
            redis.start();
            use(redis, 0, r -> assertNull(r.get("k"), "wiped"));
        }
    }

    @Test
    void afterKill9ItRestartsFromTheOlderSnapshot() {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT)) {
            use(redis, 0, r -> r.set("before", "1"));
            redis.snapshotNow();
            use(redis, 0, r -> r.set("after", "2"));
            redis.kill9();
            assertFalse(redis.isRunning());
            redis.start();
            use(redis, 0, r -> {
                assertEquals("1", r.get("before"), "in the snapshot");
                assertNull(r.get("after"), "written after the snapshot: lost");
            });
        }
    }

    @Test
    void killPubSubClientsCutsOffEverySubscriberAndNoOtherClient() {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT)) {
            RedisClient client = RedisClient.create(redis.url(0));
            // No reconnect, so that the cut is seen rather than repaired.
            client.setOptions(ClientOptions.builder().autoReconnect(false).build());
            try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
                    StatefulRedisConnection<String, String> plain = client.connect()) {
                sub.sync().subscribe("ch");
                assertEquals(1L, redis.killPubSubClients());
                assertEventually(() -> !sub.isOpen(), "the subscriber's connection is closed");
                assertEquals("PONG", plain.sync().ping(), "a plain client stays connected");
                assertEquals(0L, redis.killPubSubClients());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void stallFreezesTheServerForAsLongAsAsked() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT)) {
            use(redis, 0, r -> {
                long start = System.nanoTime();
                CompletableFuture<Void> over = redis.stall(800);
                assertEquals("PONG", r.ping(), "answered once the stall is over");
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waited >= 700, "a command waits out the stall: " + waited + " ms");
                over.join();
            });
        }
    }

    @Test
    void flushAllEmptiesEveryDb() {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT)) {
            use(redis, 0, r -> r.set("a", "1"));
            use(redis, 3, r -> r.set("b", "2"));
            redis.flushAll();
            use(redis, 0, r -> assertEquals(0L, r.dbsize()));
            use(redis, 3, r -> assertEquals(0L, r.dbsize()));
        }
    }

    @Test
    void aPasswordIsRequiredAndItsUrlCarriesIt() {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT.withPassword("s3cret"))) {
            assertTrue(redis.url(2).startsWith("redis://:s3cret@127.0.0.1:"));
            use(redis, 2, r -> r.set("k", "v"));
            use(redis, 2, r -> assertEquals("v", r.get("k")));
            use(redis, 0, r -> assertNull(r.get("k"), "written to db 2, as the URL says"));
            RedisClient anonymous = RedisClient.create("redis://127.0.0.1:" + redis.port());
            try {
                assertThrows(RedisException.class, () -> anonymous.connect().sync().ping());
            } finally {
                anonymous.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    private static void use(RedisServer redis, int db, Consumer<RedisCommands<String, String>> body) {
        RedisClient client = RedisClient.create(redis.url(db));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            body.accept(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static void assertEventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

}
