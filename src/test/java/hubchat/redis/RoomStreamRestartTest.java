package hubchat.redis;

import static hubchat.redis.RoomStreamTest.get;
import static hubchat.redis.RoomStreamTest.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.CidKey;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Ids never repeat when Redis loses writes: restarted empty, or from a snapshot older than its
 * last writes; and a restart that lost nothing keeps the history whole. Each test has a Redis
 * of its own, restarted under the same connections, which reconnect by themselves.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RoomStreamRestartTest {

    @Test
    void restartedEmptyTheRoomStartsANewEpochAndNoIdRepeats() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            RoomStream stream = new RoomStream(connections, 100, 100);
            List<Appended> before = append(stream, 5);
            redis.stop();
            redis.start();
            List<Appended> after = append(stream, 5);

            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), after.stream().map(Appended::seq).toList(), "counted again");
            assertNotEquals(before.get(0).epoch(), after.get(0).epoch(), "in a new epoch");
            assertEquals(10, distinctIds(before, after).size());
            StreamPage page = get(stream.latest("room", 100));
            assertEquals(after.get(0).epoch(), page.epoch());
            assertTrue(page.entries().stream().allMatch(e -> e.epoch().equals(after.get(0).epoch())));
        }
    }

    @Test
    void restartedFromAnOlderSnapshotTheLostSequencesGetANewEpoch() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            RoomStream stream = new RoomStream(connections, 100, 100);
            List<Appended> kept = append(stream, 5);
            redis.snapshotNow();
            List<Appended> lost = append(stream, 5);
            redis.kill9();
            redis.start(); // from the snapshot: seqs 6..10 are gone, the counter is back at 5
            List<Appended> after = append(stream, 5);

            String old = kept.get(0).epoch();
            assertEquals(old, lost.get(0).epoch());
            assertEquals(List.of(6L, 7L, 8L, 9L, 10L), after.stream().map(Appended::seq).toList(),
                    "the sequence goes on from the snapshot: the lost seqs are given out again ...");
            assertNotEquals(old, after.get(0).epoch(), "... in a new epoch");
            assertEquals(15, distinctIds(kept, lost, after).size(), "15 appends, 15 ids");

            StreamPage page = get(stream.latest("room", 100));
            assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), seqs(page));
            for (StreamEntry e : page.entries()) {
                assertEquals(e.seq() <= 5 ? old : after.get(0).epoch(), e.epoch(), "entry " + e.seq() + " keeps its epoch");
            }
            // A client that saw old-epoch seq 8 (lost) finds seq 8 in another epoch: no match.
            assertNotEquals(lost.get(2).id(), page.entries().get(7).id());
        }
    }

    @Test
    void aCleanRestartWithAnAppendOnlyFileKeepsTheHistoryAndItsIds() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT.withAppendOnly());
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            RoomStream stream = new RoomStream(connections, 100, 100);
            List<Appended> before = append(stream, 3);
            get(stream.append("room", CidKey.of("alice", null, "c1"), "{}"));
            redis.stop();
            redis.start();
            Appended next = append(stream, 1).get(0); // retried until the connection is back

            assertEquals(5, next.seq(), "the sequence goes on");
            assertNotEquals(before.get(0).epoch(), next.epoch(), "every restart opens an epoch (it cannot know that nothing was lost)");
            StreamPage page = get(stream.latest("room", 100));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(page));
            assertEquals(before.get(0).id(), page.entries().get(0).id(), "stored entries keep their ids");
            assertTrue(get(stream.append("room", CidKey.of("alice", null, "c1"), "{}")).duplicate(), "the cid memory survived too");
        }
    }

    @Test
    void keysFlushedUnderARunningRedisStartANewEpochAndScriptsLoadAgain() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                RedisConnections connections = RedisConnections.open(URI.create(redis.url(0)))) {
            RoomStream stream = new RoomStream(connections, 100, 100);
            List<Appended> before = append(stream, 3);
            redis.flushAll();
            redis.command("SCRIPT", "FLUSH");
            List<Appended> after = append(stream, 3);
            assertEquals(List.of(1L, 2L, 3L), after.stream().map(Appended::seq).toList());
            assertNotEquals(before.get(0).epoch(), after.get(0).epoch());
            assertEquals(6, distinctIds(before, after).size());
        }
    }

    /** Appends {@code n} messages to "room", waiting for each (retrying while the connection comes back). */
    private static List<Appended> append(RoomStream stream, int n) throws Exception {
        List<Appended> appended = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (appended.size() < n) {
            try {
                appended.add(get(stream.append("room", null, "{\"n\":" + appended.size() + "}")));
            } catch (ExecutionException reconnecting) {
                assertTrue(System.nanoTime() < deadline, "Redis back within 10 s: " + reconnecting.getCause());
                Thread.sleep(20);
            }
        }
        return appended;
    }

    @SafeVarargs
    private static Set<String> distinctIds(List<Appended>... batches) {
        Set<String> ids = new HashSet<>();
        for (List<Appended> batch : batches) {
            batch.forEach(a -> assertTrue(ids.add(a.id()), "repeated id " + a.id()));
        }
        return ids;
    }
}
