package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Engine;
import hubchat.engine.EngineContract;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.History;
import hubchat.protocol.ChatMessage;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RedisEngine} against a real redis-server: the {@link EngineContract}, with Redis' clock
 * (the test's {@code clock} is not the engine's: timestamps are Redis' time, and idle rooms
 * expire in real time, so the idle time here is short), plus what only this engine does: the
 * byte bound counted in Redis, entries written before user ids, a user's re-send through another
 * node, and a node that starts while Redis is down.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisEngineTest extends EngineContract {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer(Options.DEFAULT);

    private final List<RedisConnections> opened = new ArrayList<>();

    @BeforeEach
    void emptyRedis() {
        REDIS.flushAll();
    }

    @AfterEach
    void disconnect() {
        opened.forEach(RedisConnections::close);
    }

    @Override
    protected Engine newEngine(int keep, long idleMillis, LongSupplier clock) {
        return engine(keep, Long.MAX_VALUE, idleMillis);
    }

    @Override
    protected long idleMillis() {
        return 1_000;
    }

    @Override
    protected long now() {
        return System.currentTimeMillis(); // Redis' TIME, on the same machine
    }

    @Override
    protected void passTime(long millis) {
        try {
            Thread.sleep(millis + 300); // past the expiry Redis was given, with room for a late tick
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void historyIsBoundedByTheBytesOfItsStoredFields() throws Exception {
        Engine e = engine(1000, 10_000, 600_000);
        String text = "x".repeat(1000);
        for (int i = 0; i < 100; i++) {
            get(e.append("r", "ann", null, "origin", text, null));
        }
        int entryBytes = new MessageFields("ann", null, text, "origin", null).json().length();
        int fit = 10_000 / entryBytes;
        History kept = get(e.latest("r", 1000));
        assertEquals(fit, kept.messages().size(), "as many " + entryBytes + "-byte entries as fit in 10,000 bytes");
        assertEquals(100, kept.seq());
        assertEquals(String.valueOf(fit * entryBytes), REDIS.command("HGET", "{room:r}:meta", "bytes"),
                "the count in Redis is the bytes it holds");
    }

    @Test
    void oneMessageLargerThanTheByteBoundIsStillKept() throws Exception {
        Engine e = engine(1000, 100, 600_000);
        get(e.append("r", "ann", null, "origin", "small", null));
        ChatMessage big = get(e.append("r", "ann", null, "origin", "x".repeat(500), null)).stored().message();
        assertEquals(List.of(big.id()), get(e.latest("r", 10)).messages().stream().map(ChatMessage::id).toList(),
                "the newest message always stays");
    }

    @Test
    void anEntryWrittenWithoutAUserIdReadsAsAnAnonymousSendersAndAnAnonymousEntryIsWrittenAsBefore() throws Exception {
        assertEquals("{\"s\":\"ann\",\"x\":\"hi\",\"o\":\"seat-1\",\"c\":\"c-1\"}",
                new MessageFields("ann", null, "hi", "seat-1", "c-1").json(), "an anonymous sender's fields, as before user ids");
        assertEquals("{\"s\":\"Ann\",\"u\":\"u-1\",\"x\":\"hi\",\"o\":\"seat-1\"}",
                new MessageFields("Ann", "u-1", "hi", "seat-1", null).json());
        RedisEngine e = engine(1000, Long.MAX_VALUE, 600_000);
        RoomStream stream = new RoomStream(opened.get(0), 1000, 100);
        // As a release before user ids stored them (its cid key: the nick's length, the nick, the
        // cid); then one from a later release, with a field it added.
        get(stream.append("r", "3:annc-1", "{\"s\":\"ann\",\"x\":\"old\",\"o\":\"seat-1\",\"c\":\"c-1\"}"));
        get(stream.append("r", null, "{\"x\":\"newer\",\"s\":\"Bob\",\"z\":[1],\"u\":\"u-2\"}"));
        List<ChatMessage> read = get(e.latest("r", 10)).messages();
        assertEquals(List.of("old", "newer"), read.stream().map(ChatMessage::text).toList());
        assertNull(read.get(0).fromId());
        assertFalse(read.get(0).frame().json().contains("fromId"), read.get(0).frame().json());
        assertEquals("u-2", read.get(1).fromId());
        assertTrue(get(e.append("r", "ann", null, "seat-2", "old", "c-1")).earlier(), "the old entry's cid is the nick's");
        assertFalse(get(e.append("r", "ann", "ann", "seat-3", "old", "c-1")).earlier(), "not the user's whose id is that nick");
    }

    @Test
    void aUsersReSendThroughAnotherNodeIsStoredOnceAndAnotherUsersCidIsItsOwn() throws Exception {
        RedisEngine one = engine(1000, Long.MAX_VALUE, 600_000);
        RedisEngine two = engine(1000, Long.MAX_VALUE, 600_000);
        ChatMessage first = get(one.append("r", "Ann", "u-1", "node-1/seat-1", "hello", "c-1")).stored().message();
        hubchat.engine.Appended again = get(two.append("r", "Ann", "u-1", "node-2/seat-1", "hello", "c-1"));
        assertTrue(again.earlier(), "the cid memory is Redis', keyed by the user id");
        assertEquals(first.id(), again.stored().message().id());
        assertEquals("u-1", again.stored().message().fromId());
        assertFalse(get(two.append("r", "Ann", "u-2", "node-2/seat-2", "hello", "c-1")).earlier(), "another user");
        assertEquals(List.of("u-1", "u-2"), get(one.latest("r", 10)).messages().stream().map(ChatMessage::fromId).toList());
    }

    @Test
    void aNodeStartedWhileRedisIsDownIsUnavailableAndWorksOnceRedisIsUp() throws Exception {
        RedisServer later = new RedisServer(Options.DEFAULT); // not started yet: nothing listens on its port
        try (later; RedisConnections connections = RedisConnections.connecting(URI.create(later.url(0)),
                RedisConnections.Limits.DEFAULT)) {
            RedisEngine e = new RedisEngine(connections, 100, Long.MAX_VALUE, 600_000);
            FeedRecorder fed = new FeedRecorder();
            e.open("r", fed);
            assertFalse(e.isAvailable());
            long start = System.nanoTime();
            ExecutionException down = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> get(e.append("r", "ann", null, "origin", "too early", null)));
            assertInstanceOf(EngineUnavailableException.class, down.getCause());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 100, "failed at once");

            later.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!e.isAvailable()) {
                assertTrue(System.nanoTime() < deadline, "connected within 10 s of Redis starting");
                Thread.sleep(20);
            }
            // The room opened before Redis was there starts its feed once it reaches Redis (what
            // is stored before that is history): probes until one is fed, then every message is.
            int probes = 0;
            while (fed.fed().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "fed within 10 s of Redis starting");
                get(e.append("r", "ann", null, "origin", "probe " + probes++, null));
                Thread.sleep(50);
            }
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add("on time " + i);
                get(e.append("r", "ann", null, "origin", "on time " + i, null));
            }
            fed.awaitTexts(sent, 5);
            fed.assertKeptPromises();
            List<String> texts = fed.texts();
            assertEquals(sent, texts.subList(texts.size() - 20, texts.size()));
        }
    }

    private RedisEngine engine(int keep, long bytes, long idleMillis) {
        RedisConnections c = RedisConnections.open(URI.create(REDIS.url(0)));
        opened.add(c);
        return new RedisEngine(c, keep, bytes, idleMillis);
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
