package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Appended;
import hubchat.engine.History;
import hubchat.engine.Stored;
import hubchat.protocol.ChatMessage;
import hubchat.redis.Conversation.Failure;
import hubchat.redis.RedisConnections.Limits;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault drills: two nodes talk in one room, a few hundred messages, while Redis is stopped and
 * restarted, killed and brought back from an older snapshot, cut off from its subscribers, or
 * frozen past the command timeout. Each counts exactly: every acknowledged message reaches each
 * node's feed once, in order; nothing is fed that was not sent; ids never repeat; an append
 * Redis cannot take fails fast with "unavailable".
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class RedisEngineFaultTest {

    /** Held, so that the levels set on them stay (JUL keeps loggers weakly). */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.lettuce.core"));

    @BeforeAll
    static void quiet() {
        QUIET.forEach(l -> l.setLevel(Level.SEVERE)); // reconnect attempts and timeouts are the point here
    }

    @Test
    void redisStoppedAndRestartedMidConversation() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT.withAppendOnly());
                Conversation talk = new Conversation(redis, Limits.DEFAULT)) {
            talk.start(3);
            talk.awaitAcked(0, 0, 50);
            redis.stop(); // clean: the append-only file keeps every acknowledged message
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (talk.a.engine.isAvailable() || talk.b.engine.isAvailable()) {
                assertTrue(System.nanoTime() < deadline, "unavailable within 1 s of Redis going down");
                Thread.sleep(5);
            }
            Thread.sleep(500);
            int failedWhileDown = talk.failures().size();
            redis.start();
            talk.awaitAcked(talk.ann.acked.size(), talk.bob.acked.size(), 50);
            talk.stop();
            talk.finish();

            assertTrue(failedWhileDown >= 20, "appends kept failing while Redis was down: " + failedWhileDown);
            long slowest = talk.assertFailedFast(1000); // rejected at once; those in flight fail as the connection drops
            report("stopped", talk, slowest);
            talk.assertEveryAcknowledgedMessageFedOnceInOrder();
            List<String> stored = talk.stored();
            assertEquals(stored, talk.a.fed.texts(), "node a was fed exactly what Redis holds, in its order");
            assertEquals(stored, talk.b.fed.texts(), "node b too");
            assertTrue(epochs(talk.a.fed.fed()) >= 2, "the restart began an epoch");
        }
    }

    @Test
    void redisKilledAndRestartedFromAnOlderSnapshot() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                Conversation talk = new Conversation(redis, Limits.DEFAULT)) {
            List<String> kept = sendEach(talk, 50);
            redis.snapshotNow();
            List<String> lost = sendEach(talk, 50);
            ChatMessage lastKept = talk.bob.ackedMessages.get(49);
            ChatMessage firstLost = talk.ann.ackedMessages.get(50);
            redis.kill9();
            redis.start(); // from the snapshot: the second 100 messages are gone
            awaitAvailable(talk);
            List<String> after = sendEach(talk, 50);

            for (Conversation.Node n : List.of(talk.a, talk.b)) {
                n.fed.assertKeptPromises();
                List<String> fed = n.fed.texts();
                assertEquals(300, fed.size(), "each message fed once, also those Redis lost after feeding them");
                assertEquals(kept, fed.subList(0, 100).stream().sorted().toList());
                assertEquals(lost, fed.subList(100, 200).stream().sorted().toList());
                assertEquals(after, fed.subList(200, 300).stream().sorted().toList());
                List<Stored> stored = n.fed.fed();
                assertEquals(stored.get(100).seq(), stored.get(200).seq(), "the new epoch gives the lost seqs out again ...");
                assertNotEquals(stored.get(100).epoch(), stored.get(200).epoch(), "... in a new epoch, fed all the same");
            }
            assertEquals(talk.a.fed.ids(), talk.b.fed.ids(), "one order on both nodes");
            talk.assertEveryAcknowledgedMessageFedOnceInOrder();
            assertEquals(Optional.empty(), get(talk.a.engine.after(Conversation.ROOM, firstLost.id())),
                    "an id Redis lost matches nothing, though its seq was given out again");
            Optional<History> fromKept = get(talk.b.engine.after(Conversation.ROOM, lastKept.id()));
            assertTrue(fromKept.isPresent(), "an id Redis kept still resumes");
            assertEquals(after, fromKept.get().messages().stream().map(ChatMessage::text).sorted().toList());
            List<String> history = talk.stored();
            assertEquals(200, history.size(), "Redis holds what the snapshot kept and what came after");
        }
    }

    @Test
    void pubSubConnectionsKilledMidConversation() throws Exception {
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                Conversation talk = new Conversation(redis, Limits.DEFAULT)) {
            talk.start(2);
            long cut = 0;
            for (int i = 0; i < 3; i++) {
                awaitSubscribers(redis, 2); // both nodes subscribed (again)
                talk.awaitAcked(talk.ann.acked.size(), talk.bob.acked.size(), 40);
                cut += redis.killPubSubClients();
            }
            talk.awaitAcked(talk.ann.acked.size(), talk.bob.acked.size(), 40);
            talk.stop();
            talk.finish();

            assertEquals(6, cut, "both nodes' pub/sub connections cut, three times");
            assertEquals(List.of(), talk.failures(), "appends do not need pub/sub");
            talk.assertEveryAcknowledgedMessageFedOnceInOrder();
            List<String> stored = talk.stored();
            assertTrue(stored.size() >= 320, "a few hundred messages: " + stored.size());
            assertEquals(stored, talk.a.fed.texts(), "node a was fed exactly what Redis holds, in its order");
            assertEquals(stored, talk.b.fed.texts(), "node b too");
        }
    }

    @Test
    void redisStalledPastTheCommandTimeout() throws Exception {
        Limits limits = new Limits(Duration.ofMillis(500), Duration.ofSeconds(2), 10_000, Duration.ofSeconds(1));
        try (RedisServer redis = RedisServer.started(Options.DEFAULT);
                Conversation talk = new Conversation(redis, limits)) {
            talk.start(3);
            talk.awaitAcked(0, 0, 50);
            redis.stall(1500).join();
            talk.awaitAcked(talk.ann.acked.size(), talk.bob.acked.size(), 50);
            talk.stop();
            List<Failure> failed = talk.failures();
            assertFalse(failed.isEmpty(), "appends failed while Redis was frozen");
            long slowest = talk.assertFailedFast(500 + 1000); // Lettuce checks timeouts on a 100 ms wheel; room for a busy machine
            for (Failure f : failed) {
                assertTrue(f.millis() >= 400, f.text() + " failed before its 500 ms timeout: " + f.millis() + " ms");
            }
            report("stalled", talk, slowest);
            // A timed-out append may still have been stored when Redis woke up: its sender sends
            // it again with its cid, through the other node, and it is stored once either way.
            int earlier = 0;
            for (Failure f : failed) {
                Conversation.User user = f.text().startsWith("ann") ? talk.ann : talk.bob;
                Appended again = user.send(user == talk.ann ? talk.b : talk.a, f.text());
                assertNotNull(again, "stored once Redis answers again");
                earlier += again.earlier() ? 1 : 0;
            }
            talk.finish();

            System.out.println("stalled: " + earlier + " of " + failed.size() + " timed-out appends had been stored");
            talk.assertEveryAcknowledgedMessageFedOnceInOrder();
            List<String> stored = talk.stored();
            assertEquals(stored, talk.a.fed.texts(), "node a was fed exactly what Redis holds, in its order");
            assertEquals(stored, talk.b.fed.texts(), "node b too");
            List<String> sent = new ArrayList<>(talk.attempted());
            sent.addAll(List.of("ann-end", "bob-end"));
            assertEquals(sent.stream().sorted().toList(), stored.stream().sorted().toList(),
                    "every message sent is stored exactly once");
        }
    }

    /** Each user sends {@code n} messages, all acknowledged; waits until both feeds have them. Returns their texts, sorted. */
    private static List<String> sendEach(Conversation talk, int n) throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (Conversation.User u : List.of(talk.ann, talk.bob)) {
                int before = u.acked.size();
                u.sendNext();
                assertEquals(before + 1, u.acked.size(), "acknowledged: " + u.failed);
                texts.add(u.acked.get(before));
            }
        }
        talk.a.fed.awaitTexts(texts, 10);
        talk.b.fed.awaitTexts(texts, 10);
        return texts.stream().sorted().toList();
    }

    private static void awaitAvailable(Conversation talk) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!talk.a.engine.isAvailable() || !talk.b.engine.isAvailable()) {
            assertTrue(System.nanoTime() < deadline, "both nodes reconnected within 10 s");
            Thread.sleep(20);
        }
    }

    private static void awaitSubscribers(RedisServer redis, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Long.valueOf(n).equals(((List<?>) redis.command("PUBSUB", "NUMSUB", RoomStream.channel(Conversation.ROOM))).get(1))) {
            assertTrue(System.nanoTime() < deadline, n + " subscribers within 10 s");
            Thread.sleep(5);
        }
    }

    private static long epochs(List<Stored> fed) {
        return fed.stream().map(Stored::epoch).distinct().count();
    }

    private static void report(String drill, Conversation talk, long slowest) {
        List<Long> ms = talk.failureMillis();
        System.out.println(drill + ": " + talk.acked().size() + " acknowledged, " + ms.size() + " failed; failure took median "
                + (ms.isEmpty() ? 0 : ms.get(ms.size() / 2)) + " ms, slowest " + slowest + " ms");
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
