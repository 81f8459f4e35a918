package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.CidKey;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The append script and the reads against a real redis-server: dense sequences under concurrent
 * appends from several connections, the cid memory, the cap, the channel, and ids that never
 * repeat when Redis comes back empty or from an older snapshot.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RoomStreamTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer(Options.DEFAULT);

    private static RedisConnections connections;

    @BeforeAll
    static void connect() {
        connections = RedisConnections.open(URI.create(REDIS.url(0)));
    }

    @AfterAll
    static void disconnect() {
        connections.close();
    }

    @Test
    void appendsGetDenseSequencesAndReadsCarryThePosition() throws Exception {
        RoomStream stream = new RoomStream(connections, 100, 100);
        List<Appended> appended = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            appended.add(get(stream.append("basic", null, "{\"text\":\"héllo wörld " + i + "\"}")));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), appended.stream().map(Appended::seq).toList());
        String epoch = appended.get(0).epoch();
        assertTrue(appended.stream().allMatch(a -> a.epoch().equals(epoch) && !a.duplicate()));
        assertEquals(5, appended.stream().map(Appended::id).distinct().count());

        StreamPage after2 = get(stream.range("basic", 2, 10));
        assertEquals(epoch, after2.epoch());
        assertEquals(5, after2.lastSeq());
        assertEquals(List.of(3L, 4L, 5L), seqs(after2));
        assertEquals("{\"text\":\"héllo wörld 3\"}", after2.entries().get(0).fields());
        assertEquals(appended.get(2).timestamp(), after2.entries().get(0).timestamp());
        assertEquals(appended.get(2).id(), after2.entries().get(0).id());
        assertEquals(List.of(4L, 5L), seqs(get(stream.latest("basic", 2))));
        assertEquals(List.of(2L, 3L), seqs(get(stream.before("basic", 4, 2))));
        assertEquals(List.of(), seqs(get(stream.before("basic", 1, 5))));
        assertEquals(List.of(), seqs(get(stream.range("basic", 5, 5))));

        StreamPage none = get(stream.latest("never-written", 10));
        assertEquals("", none.epoch());
        assertEquals(0, none.lastSeq());
        assertTrue(none.entries().isEmpty());
    }

    @Test
    void concurrentAppendsFromSeveralConnectionsGetEverySequenceExactlyOnce() throws Exception {
        int threads = 4;
        int each = 500;
        List<RedisConnections> nodes = new ArrayList<>();
        List<CompletableFuture<List<Long>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                RedisConnections node = RedisConnections.open(URI.create(REDIS.url(0)));
                nodes.add(node);
                RoomStream stream = new RoomStream(node, 10_000, 100);
                String sender = "node" + t;
                results.add(CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<Appended>> sent = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        sent.add(stream.append("busy", CidKey.of(sender, null, sender + "-" + i), "{\"n\":" + i + "}")
                                .toCompletableFuture());
                    }
                    return sent.stream().map(f -> f.join().seq()).toList();
                }));
            }
            List<Long> all = new ArrayList<>();
            for (CompletableFuture<List<Long>> r : results) {
                List<Long> mine = r.get(30, TimeUnit.SECONDS);
                assertEquals(mine.stream().sorted().toList(), mine, "one connection's appends keep their order");
                all.addAll(mine);
            }
            assertEquals(LongStream.rangeClosed(1, threads * each).boxed().toList(), all.stream().sorted().toList(),
                    "1.." + threads * each + ", each exactly once");
            StreamPage page = get(new RoomStream(connections, 10_000, 100).range("busy", 0, 10_000));
            assertEquals(LongStream.rangeClosed(1, threads * each).boxed().toList(), seqs(page));
        } finally {
            nodes.forEach(RedisConnections::close);
        }
    }

    @Test
    void aReSentCidIsAnsweredWithTheEarlierEntryAndNeitherStoredNorPublished() throws Exception {
        RoomStream stream = new RoomStream(connections, 100, 100);
        LinkedBlockingQueue<StreamEntry> live = subscribe(connections, "dedup");
        Appended first = get(stream.append("dedup", CidKey.of("alice", null, "c1"), "{\"text\":\"one\"}"));
        Appended again = get(stream.append("dedup", CidKey.of("alice", null, "c1"), "{\"text\":\"one\"}"));
        assertTrue(again.duplicate());
        assertEquals(new Appended(first.epoch(), first.seq(), first.timestamp(), true, "{\"text\":\"one\"}"), again,
                "the earlier entry, with its fields");
        Appended otherSender = get(stream.append("dedup", CidKey.of("bob", null, "c1"), "{\"text\":\"bob's\"}"));
        assertFalse(otherSender.duplicate(), "a cid is the sender's own");
        // "alice" + "c1x" must not collide with "alicec" + "1x" and the like.
        assertFalse(get(stream.append("dedup", CidKey.of("alicec", null, "1"), "{}")).duplicate());
        Appended marker = get(stream.append("dedup", null, "{\"text\":\"marker\"}"));

        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(get(stream.latest("dedup", 100))), "stored once");
        List<Long> published = new ArrayList<>();
        while (published.isEmpty() || published.get(published.size() - 1) != marker.seq()) {
            StreamEntry e = live.poll(5, TimeUnit.SECONDS);
            assertTrue(e != null, "published up to the marker: " + published);
            published.add(e.seq());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), published, "the re-send was not published");
    }

    @Test
    void theCidMemoryKeepsOnlyTheLastCids() throws Exception {
        RoomStream stream = new RoomStream(connections, 100, 3);
        for (int i = 1; i <= 4; i++) {
            get(stream.append("forgetful", CidKey.of("alice", null, "c" + i), "{}"));
        }
        assertEquals(3L, REDIS.command("HLEN", "{room:forgetful}:cids"));
        assertEquals(3L, REDIS.command("LLEN", "{room:forgetful}:cid-order"));
        assertTrue(get(stream.append("forgetful", CidKey.of("alice", null, "c4"), "{}")).duplicate(), "remembered");
        Appended old = get(stream.append("forgetful", CidKey.of("alice", null, "c1"), "{}"));
        assertFalse(old.duplicate(), "forgotten, so stored again");
        assertEquals(5, old.seq());
    }

    @Test
    void theStreamKeepsExactlyTheHistorySize() throws Exception {
        RoomStream stream = new RoomStream(connections, 10, 100);
        for (int i = 1; i <= 25; i++) {
            get(stream.append("capped", null, "{\"n\":" + i + "}"));
        }
        assertEquals(10L, REDIS.command("XLEN", "{room:capped}:log"));
        StreamPage latest = get(stream.latest("capped", 100));
        assertEquals(LongStream.rangeClosed(16, 25).boxed().toList(), seqs(latest));
        assertEquals(25, latest.lastSeq());
        assertEquals(seqs(latest), seqs(get(stream.range("capped", 0, 100))), "from the oldest kept");
    }

    @Test
    void theStreamKeepsAtMostTheHistoryBytesOfFieldsDroppingTheOldestFirst() throws Exception {
        RoomStream stream = new RoomStream(connections, 100, 100, Long.MAX_VALUE, 100);
        List<Integer> sizes = List.of(30, 50, 10, 40, 20, 60);
        for (int size : sizes) {
            get(stream.append("weighed", null, "x".repeat(size)));
        }
        // After each append the oldest go while the room holds over 100 bytes: 20 + 60 remain.
        assertEquals(List.of(5L, 6L), seqs(get(stream.latest("weighed", 100))));
        assertEquals("80", REDIS.command("HGET", "{room:weighed}:meta", "bytes"), "the count matches what is held");
        get(stream.append("weighed", null, "x".repeat(150)));
        assertEquals(List.of(7L), seqs(get(stream.latest("weighed", 100))), "alone over the bound, the newest stays");
        assertEquals("150", REDIS.command("HGET", "{room:weighed}:meta", "bytes"));
    }

    @Test
    void aRoomsKeysExpireTogetherAfterItsIdleTimeUnlessANodeFollowsIt() throws Exception {
        RoomStream stream = new RoomStream(connections, 100, Long.MAX_VALUE, 400, 100);
        for (String room : List.of("quiet", "followed")) {
            get(stream.append(room, CidKey.of("alice", null, "c1"), "{}")); // with a cid: all four keys exist
            for (String key : List.of("meta", "log", "cids", "cid-order")) {
                long ttl = (Long) REDIS.command("PTTL", "{room:" + room + "}:" + key);
                assertTrue(ttl > 0 && ttl <= 400, key + " expires in " + ttl + " ms");
            }
        }
        for (int i = 0; i < 8; i++) {
            Thread.sleep(100);
            get(stream.follow("followed", 0, 1));
        }
        assertEquals(0L, REDIS.command("EXISTS", "{room:quiet}:meta", "{room:quiet}:log", "{room:quiet}:cids",
                "{room:quiet}:cid-order"), "idle: every key gone");
        assertEquals(4L, REDIS.command("EXISTS", "{room:followed}:meta", "{room:followed}:log", "{room:followed}:cids",
                "{room:followed}:cid-order"), "followed: kept, however quiet");
        get(stream.range("followed", 0, 1));
        assertTrue((Long) REDIS.command("PTTL", "{room:followed}:log") <= 400, "a plain read does not renew it");
    }

    @Test
    void readsAfterOrBeforeAnIdFindItOnlyInItsOwnEpoch() throws Exception {
        RoomStream stream = new RoomStream(connections, 100, 100);
        List<Appended> appended = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            appended.add(get(stream.append("anchored", null, "{}")));
        }
        String epoch = appended.get(0).epoch();
        assertEquals(List.of(3L, 4L), get(stream.after("anchored", epoch, 2, 10)).map(RoomStreamTest::seqs).orElseThrow());
        assertEquals(List.of(1L), seqs(get(stream.before("anchored", epoch, 2, 10))));
        assertTrue(get(stream.after("anchored", "other", 2, 10)).isEmpty(), "seq 2 of another epoch is another message");
        assertEquals(List.of(), seqs(get(stream.before("anchored", "other", 2, 10))));
        assertTrue(get(stream.after("anchored", epoch, 9, 10)).isEmpty(), "never stored");
        StreamPage none = get(stream.before("anchored", epoch, 9, 10));
        assertEquals(4, none.lastSeq(), "the position comes back all the same");
        assertEquals(List.of(4L), get(stream.last("anchored")).map(e -> List.of(e.seq())).orElseThrow());
        assertTrue(get(stream.last("never-written")).isEmpty());
    }

    @Test
    void theChannelCarriesEachEntryOnceInOrder() throws Exception {
        LinkedBlockingQueue<StreamEntry> live = subscribe(connections, "ordered");
        try (RedisConnections other = RedisConnections.open(URI.create(REDIS.url(0)))) {
            List<CompletionStage<Appended>> sent = new ArrayList<>();
            RoomStream a = new RoomStream(connections, 1000, 100);
            RoomStream b = new RoomStream(other, 1000, 100);
            for (int i = 0; i < 100; i++) {
                sent.add(a.append("ordered", null, "{\"from\":\"a\",\"n\":" + i + "}"));
                sent.add(b.append("ordered", null, "{\"from\":\"b\",\"n\":" + i + "}"));
            }
            sent.forEach(s -> s.toCompletableFuture().join());
        }
        List<StreamEntry> received = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StreamEntry e = live.poll(5, TimeUnit.SECONDS);
            assertTrue(e != null, "received " + received.size() + " of 200");
            received.add(e);
        }
        assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), received.stream().map(StreamEntry::seq).toList());
        StreamPage stored = get(new RoomStream(connections, 1000, 100).range("ordered", 0, 1000));
        assertEquals(stored.entries(), received, "published exactly as stored");
        Thread.sleep(200);
        assertTrue(live.isEmpty(), "nothing more: " + live);
    }

    private static LinkedBlockingQueue<StreamEntry> subscribe(RedisConnections on, String room) throws Exception {
        LinkedBlockingQueue<StreamEntry> live = new LinkedBlockingQueue<>();
        String channel = RoomStream.channel(room);
        on.pubSub().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                if (ch.equals(channel)) {
                    live.add(StreamEntry.fromPublished(message));
                }
            }
        });
        on.pubSub().async().subscribe(channel).get(5, TimeUnit.SECONDS);
        return live;
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static List<Long> seqs(StreamPage page) {
        return page.entries().stream().map(StreamEntry::seq).toList();
    }
}
