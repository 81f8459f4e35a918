package hubchat.redis;

import static hubchat.redis.RedisEngineTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Stored;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How {@link RedisEngine} feeds an open room, against a real redis-server: the channel says what
 * is new, the stream is the truth. A publish right after the last delivered is delivered; a
 * duplicate or older one is dropped; a gap is filled from the stream, in order, before going on;
 * a publish the stream does not hold is never delivered; a new epoch is delivered however its
 * seqs compare with the old one's; several nodes are fed one order.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisEngineDeliveryTest {

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

    @Test
    void aDuplicateOrOlderPublishIsDroppedAndTheNextOneDelivered() throws Exception {
        RedisEngine e = engine();
        FeedRecorder fed = new FeedRecorder();
        e.open("r", fed);
        List<Stored> sent = appendAll(e, "r", "m", 3);
        fed.awaitSize(3);
        for (Stored s : List.of(sent.get(2), sent.get(0), sent.get(2))) { // the last again, an older one
            REDIS.command("PUBLISH", RoomStream.channel("r"), published(s));
        }
        Stored next = get(e.append("r", "ann", null, "origin", "next", null)).stored();
        fed.awaitSize(4);
        Thread.sleep(100);
        fed.assertKeptPromises();
        assertEquals(List.of("m0", "m1", "m2", "next"), fed.texts());
        assertEquals(next.message().id(), fed.ids().get(3));
    }

    @Test
    void aGapIsFilledFromTheStreamInOrderBeforeTheMessageAfterIt() throws Exception {
        RedisEngine e = engine();
        FeedRecorder fed = new FeedRecorder();
        e.open("r", fed);
        appendAll(e, "r", "m", 2);
        fed.awaitSize(2);
        // Three messages stored by the script whose publishes are lost (sent to a channel no one hears).
        String script = resource("/hubchat/redis/append.lua");
        for (int i = 0; i < 3; i++) {
            REDIS.command("EVAL", script, "4", "{room:r}:meta", "{room:r}:log", "{room:r}:cids", "{room:r}:cid-order",
                    "unused", "100", "1000000", "10", "", new MessageFields("bob", null, "unheard " + i, "node-2", null).json(),
                    "nowhere", "0");
        }
        long start = System.nanoTime();
        get(e.append("r", "ann", null, "origin", "heard", null));
        fed.awaitSize(6);
        long millis = (System.nanoTime() - start) / 1_000_000;
        fed.assertKeptPromises();
        assertEquals(List.of("m0", "m1", "unheard 0", "unheard 1", "unheard 2", "heard"), fed.texts());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), fed.fed().stream().map(Stored::seq).toList());
        assertTrue(millis < RedisEngine.MAX_TICK_MILLIS / 2, "filled on the publish after the gap, not by the timer: " + millis + " ms");
    }

    @Test
    void aPublishTheStreamDoesNotHoldIsNeverDelivered() throws Exception {
        RedisEngine e = engine();
        FeedRecorder fed = new FeedRecorder();
        e.open("r", fed);
        Stored last = appendAll(e, "r", "m", 2).get(1);
        fed.awaitSize(2);
        String fields = new MessageFields("eve", null, "forged", "nowhere", null).json();
        REDIS.command("PUBLISH", RoomStream.channel("r"), last.epoch() + " 9 1 " + fields); // a gap the stream does not fill
        REDIS.command("PUBLISH", RoomStream.channel("r"), "otherepoch 1 1 " + fields); // an epoch the room never had
        REDIS.command("PUBLISH", RoomStream.channel("r"), "not an entry");
        get(e.append("r", "ann", null, "origin", "real", null));
        fed.awaitSize(3);
        Thread.sleep(100);
        fed.assertKeptPromises();
        assertEquals(List.of("m0", "m1", "real"), fed.texts());
    }

    @Test
    void whenRedisLostTheRoomTheNewEpochIsDeliveredFromItsFirstSeq() throws Exception {
        RedisEngine e = engine();
        FeedRecorder fed = new FeedRecorder();
        e.open("r", fed);
        List<Stored> before = appendAll(e, "r", "old", 5);
        fed.awaitSize(5);
        REDIS.flushAll(); // as if Redis came back empty
        List<Stored> after = appendAll(e, "r", "new", 3);
        fed.awaitSize(8);
        fed.assertKeptPromises();
        assertEquals(List.of(1L, 2L, 3L), after.stream().map(Stored::seq).toList(), "seqs at or below the last delivered");
        assertNotEquals(before.get(0).epoch(), after.get(0).epoch());
        assertEquals(List.of("old0", "old1", "old2", "old3", "old4", "new0", "new1", "new2"), fed.texts());
    }

    @Test
    void twoNodesAppendingAtOnceAreEachFedEveryMessageOnceInOneOrder() throws Exception {
        RedisEngine a = engine();
        RedisEngine b = engine();
        FeedRecorder fedA = new FeedRecorder();
        FeedRecorder fedB = new FeedRecorder();
        open(a, fedA);
        open(b, fedB);
        CompletableFuture<List<Stored>> fromA = CompletableFuture.supplyAsync(() -> appendAllUnchecked(a, "a", 200));
        CompletableFuture<List<Stored>> fromB = CompletableFuture.supplyAsync(() -> appendAllUnchecked(b, "b", 200));
        List<String> texts = new ArrayList<>();
        fromA.get().forEach(s -> texts.add(s.message().text()));
        fromB.get().forEach(s -> texts.add(s.message().text()));
        fedA.awaitTexts(texts, 10);
        fedB.awaitTexts(texts, 10);
        fedA.assertKeptPromises();
        fedB.assertKeptPromises();
        assertEquals(400, fedA.fed().size());
        assertEquals(fedA.ids(), fedB.ids(), "one order on every node");
        assertEquals(get(a.latest("r", 1000)).messages().stream().map(m -> m.id()).toList(), fedA.ids(),
                "the order stored");
    }

    @Test
    void closingARoomOnOneNodeStopsItsFeedAndLeavesTheRoomToTheOthers() throws Exception {
        RedisEngine a = engine();
        RedisEngine b = engine();
        FeedRecorder fedA = new FeedRecorder();
        FeedRecorder fedB = new FeedRecorder();
        open(a, fedA);
        open(b, fedB);
        appendAll(a, "r", "m", 3);
        fedA.awaitSize(3);
        fedB.awaitSize(3);
        a.close("r");
        appendAll(b, "r", "later", 2);
        fedB.awaitSize(5);
        Thread.sleep(100);
        assertEquals(3, fedA.fed().size(), "closed: no more deliveries");
        assertEquals(2L, REDIS.command("EXISTS", "{room:r}:meta", "{room:r}:log"), "the room's keys are still there");
        assertEquals(5, get(b.latest("r", 10)).messages().size());
    }

    /**
     * Opens "r" on {@code e} and reads its welcome history, as a room does: once that answer is
     * back, the feed has its start, so every message another node stores from now on is its to feed.
     */
    private static void open(RedisEngine e, FeedRecorder fed) throws Exception {
        e.open("r", fed);
        get(e.latest("r", 1));
    }

    private RedisEngine engine() {
        RedisConnections c = RedisConnections.open(URI.create(REDIS.url(0)));
        opened.add(c);
        return new RedisEngine(c, 1000, Long.MAX_VALUE, 600_000);
    }

    private static List<Stored> appendAll(RedisEngine e, String room, String prefix, int n) throws Exception {
        List<Stored> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(get(e.append(room, "ann", null, "origin", prefix + i, null)).stored());
        }
        return out;
    }

    private static List<Stored> appendAllUnchecked(RedisEngine e, String prefix, int n) {
        try {
            return appendAll(e, "r", prefix, n);
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    /** {@code s} as the room's channel carries it. */
    private static String published(Stored s) {
        return s.epoch() + " " + s.seq() + " " + s.message().ts() + " "
                + new MessageFields(s.message().from(), s.message().fromId(), s.message().text(), s.origin(), s.cid()).json();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RedisEngineDeliveryTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
