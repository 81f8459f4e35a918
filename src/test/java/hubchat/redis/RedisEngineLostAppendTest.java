package hubchat.redis;

import static hubchat.redis.RedisEngineTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Appended;
import hubchat.engine.EngineUnavailableException;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answer to an append is what its sender hears through its node: a stored message only by
 * its own copy from the node's feed. So an append succeeds only once the node's feed delivered
 * it, and one whose message Redis lost between answering and the feed reading it (killed, and
 * started again from an older snapshot) fails as unavailable, so that its sender sends it again,
 * rather than succeeding for a message that no feed ever delivers.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisEngineLostAppendTest {

    private static final String ROOM = "room";
    /** Held, so that the level set on it stays (JUL keeps loggers weakly). */
    private static final Logger LETTUCE = Logger.getLogger("io.lettuce.core");

    @BeforeAll
    static void quiet() {
        LETTUCE.setLevel(Level.SEVERE); // reconnect attempts are the point here
    }

    @Test
    void anAppendSucceedsOnlyOnceItsNodesFeedDeliveredIt() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            RedisEngine engine = new RedisEngine(connections, 100, Long.MAX_VALUE, 600_000);
            FeedRecorder fed = new FeedRecorder();
            engine.open(ROOM, fed);
            get(engine.latest(ROOM, 1));
            for (int i = 0; i < 20; i++) {
                String text = "m" + i;
                CompletableFuture<Boolean> fedFirst = engine.append(ROOM, "ann", null, "ann@a", text, "c" + i)
                        .toCompletableFuture().thenApply(a -> fed.texts().contains(text));
                assertTrue(fedFirst.get(10, TimeUnit.SECONDS), text + " was delivered to the feed before its append succeeded");
            }
            fed.assertKeptPromises();
        }
    }

    @Test
    void anAppendRedisLostBeforeTheFeedReadItFailsAndItsResendIsStoredAnew() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            RedisEngine engine = new RedisEngine(connections, 100, Long.MAX_VALUE, 600_000);
            FeedRecorder fed = new FeedRecorder();
            engine.open(ROOM, fed);
            get(engine.latest(ROOM, 1));
            Appended kept = get(engine.append(ROOM, "ann", null, "ann@a", "kept", "c-kept"));
            redis.snapshotNow();

            // The node's subscription is cut (Lettuce subscribes again 50 ms later at the
            // earliest), so its feed does not hear of the next message at once ...
            assertEquals(1L, redis.killPubSubClients());
            CompletableFuture<Appended> lost = engine.append(ROOM, "ann", null, "ann@a", "lost", "c-lost").toCompletableFuture();
            awaitStreamLength(redis, 2);
            redis.kill9(); // ... and Redis dies with it, right after answering the append
            assertFalse(fed.texts().contains("lost"), "precondition: the feed had not read the message before Redis died");
            redis.start(); // from the snapshot: "lost" is gone, with its cid

            // Someone else's message begins the new epoch; this node's feed goes past "lost".
            Appended next = appendUntilStored(engine, "bob", "bob@b", "next", "c-next");
            fed.awaitTexts(List.of("next"), 15);
            Throwable failure = failureOf(lost);
            assertInstanceOf(EngineUnavailableException.class, failure,
                    "the append of a message Redis lost before the feed delivered it fails as unavailable"
                            + " (a success would leave its sender waiting for a copy that never comes)");
            assertFalse(fed.texts().contains("lost"));

            // Its sender sends it again, with the same cid: stored anew, in the new epoch, and delivered.
            Appended again = get(engine.append(ROOM, "ann", null, "ann@a", "lost", "c-lost"));
            assertFalse(again.earlier(), "Redis lost the cid with the message");
            assertEquals(next.stored().epoch(), again.stored().epoch());
            fed.awaitTexts(List.of("lost"), 15);
            assertEquals(List.of("kept", "next", "lost"), fed.texts());
            assertNotEquals(kept.stored().epoch(), next.stored().epoch(), "the restart began an epoch");
            fed.assertKeptPromises();
        }
    }

    /** Waits (at most 5 s) until the room's stream holds {@code n} entries. */
    private static void awaitStreamLength(RedisServer redis, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((Long) redis.command("XLEN", "{room:" + ROOM + "}:log") < n) {
            assertTrue(System.nanoTime() < deadline, "stored within 5 s");
            Thread.sleep(1);
        }
    }

    /** Appends, trying again while the connection comes back (at most 10 s). */
    private static Appended appendUntilStored(RedisEngine engine, String sender, String origin, String text, String cid)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return engine.append(ROOM, sender, null, origin, text, cid).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertTrue(System.nanoTime() < deadline, "stored within 10 s: " + e.getCause());
                Thread.sleep(50);
            }
        }
    }

    /** The failure of {@code stage} (waiting at most 15 s), or null if it succeeded. */
    private static Throwable failureOf(CompletableFuture<?> stage) throws Exception {
        try {
            stage.get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
