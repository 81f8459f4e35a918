package hubchat.redis;

import static hubchat.redis.ArchiveRig.pageAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.CidKey;
import hubchat.engine.SyncEngine;
import hubchat.protocol.ChatMessage;
import hubchat.protocol.UnencodableFrameException;
import hubchat.store.DatabaseArchive;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archiving a chat on a real redis-server into a database (HSQLDB in a folder of the test's):
 * every message of every node archived once, in the room's order, and gone from Redis once
 * stored; what an archiver that died had taken, stored or not, taken over and archived once;
 * pages with {@code before} going on from Redis' window into the archive with no gap and no
 * duplicate, also across a Redis that lost everything; an unknown {@code before} answered with
 * an empty page; the registry through which archivers find every room (a stream made only for
 * a registered room, a room forgotten only once nothing of it waits).
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class ArchiverTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer(Options.DEFAULT);

    @TempDir
    Path dir;
    private ArchiveRig rig;

    @BeforeEach
    void start() {
        REDIS.flushAll();
        rig = new ArchiveRig(REDIS, "jdbc:hsqldb:file:" + dir.resolve("hubchat") + ";hsqldb.write_delay=false;hsqldb.tx=mvcc",
                "SA", "");
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @Test
    void everyMessageOfEveryNodeIsArchivedOnceInTheRoomsOrderAndThenLeavesRedis() throws Exception {
        SyncEngine a = new SyncEngine(rig.node(1_000));
        SyncEngine b = new SyncEngine(rig.node(1_000));
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (SyncEngine node : List.of(a, b)) {
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100; i++) {
                    node.append("talk", node == a ? "ann" : "bob", "message " + i);
                }
            }));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<String> order = a.latest("talk", 1_000).stream().map(ChatMessage::id).toList();
        assertEquals(200, order.size());

        assertEquals(order, rig.awaitRows("talk", 200), "each once, in the order Redis stored them");
        ArchiveRig.await(() -> rig.waiting("talk") == 0, "the archive stream emptied");
        assertEquals(0, rig.pending("talk"));
        assertTrue(rig.registered("talk"), "the room stays registered for the grace time");
    }

    @Test
    void entriesAnArchiverTookBeforeItDiedAreTakenOverAndArchivedOnce() throws Exception {
        List<String> order = appendWithoutArchiver("left", 20);
        ArchiveStreams dead = new ArchiveStreams(rig.connections(), ArchiveStreams.GRACE_MILLIS);
        ArchiveStreams.Batch taken = SyncEngine.await(dead.take("left", "archiver-dead", 8, 60_000));
        assertEquals(order.subList(0, 8), taken.messages().stream().map(m -> m.id()).toList());

        long started = System.nanoTime();
        rig.node(1_000, 200, 1_500, ArchiveStreams.GRACE_MILLIS); // a live node, taking over after 1.5 s idle
        assertEquals(order, rig.awaitRows("left", 20));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(1_000),
                "the dead archiver's entries were taken over only once idle");
        ArchiveRig.await(() -> rig.waiting("left") == 0 && rig.pending("left") == 0, "nothing left waiting or pending");
    }

    @Test
    void aBatchStoredWhoseHandOverWasLostIsNotArchivedTwice() throws Exception {
        List<String> order = appendWithoutArchiver("lost-ack", 12);
        ArchiveStreams dead = new ArchiveStreams(rig.connections(), ArchiveStreams.GRACE_MILLIS);
        ArchiveStreams.Batch taken = SyncEngine.await(dead.take("lost-ack", "archiver-dead", 5, 60_000));
        DatabaseArchive archive = rig.archive();
        archive.store("lost-ack", taken.messages()); // stored, and the node died before it acknowledged them
        assertEquals(order.subList(0, 5), rig.rows("lost-ack"));
        assertEquals(5, rig.pending("lost-ack"));

        rig.node(1_000, 200, 1_000, ArchiveStreams.GRACE_MILLIS);
        assertEquals(order, rig.awaitRows("lost-ack", 12), "the five once, the rest after them");
        ArchiveRig.await(() -> rig.waiting("lost-ack") == 0 && rig.pending("lost-ack") == 0, "nothing left waiting or pending");
        assertEquals(order, rig.rows("lost-ack"));
    }

    @Test
    void pagesWithBeforeGoFromRedisIntoTheArchiveWithNoGapAndNoDuplicate() throws Exception {
        SyncEngine node = new SyncEngine(rig.node(10));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            order.add(node.append("deep", "ann", "message " + i).id());
        }
        rig.awaitRows("deep", 35);
        assertEquals(order.subList(25, 35), node.latest("deep", 100).stream().map(ChatMessage::id).toList(),
                "Redis keeps only its window of 10");
        String newest = order.get(34);
        assertEquals(order.subList(0, 34), pageAll(node, "deep", newest, 7), "pages of 7: one spans Redis and the archive");
        assertEquals(order.subList(0, 34), pageAll(node, "deep", newest, 100));
        assertEquals(order.subList(20, 27), ids(node.before("deep", order.get(27), 7)), "a page from Redis' oldest on");
        assertEquals(order.subList(2, 5), ids(node.before("deep", order.get(5), 3)), "a page before an id only the archive has");
    }

    @Test
    void theSendersUserIdIsArchivedSoPagesPastRedisCarryIt() throws Exception {
        SyncEngine node = new SyncEngine(rig.node(10));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            order.add(node.append("ids", "ann", i % 2 == 0 ? "u-1" : null, "seat", "message " + i, null).stored().message().id());
        }
        rig.awaitRows("ids", 20);
        List<ChatMessage> archived = node.before("ids", order.get(10), 10);
        assertEquals(order.subList(0, 10), ids(archived), "a page only the archive has");
        for (int i = 0; i < 10; i++) {
            assertEquals(i % 2 == 0 ? "u-1" : null, archived.get(i).fromId(), archived.get(i).frame().json());
        }
    }

    @Test
    void aBeforeIdNeitherInRedisNorArchivedGivesAnEmptyPageAsWithoutAnArchive() throws Exception {
        SyncEngine node = new SyncEngine(rig.node(10));
        for (int i = 0; i < 15; i++) {
            node.append("odd", "ann", "message " + i);
        }
        node.append("elsewhere", "ann", "hello");
        rig.awaitRows("odd", 15);
        String elsewhere = node.latest("elsewhere", 1).get(0).id();
        for (String unknown : List.of("zzz-3", "not an id", "", "-1", elsewhere)) {
            assertEquals(List.of(), node.before("odd", unknown, 10), "before " + unknown);
        }
    }

    @Test
    void afterRedisLostEverythingPagesStillReachTheMessagesBeforeInTheirOrder() throws Exception {
        SyncEngine node = new SyncEngine(rig.node(100));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order.add(node.append("amnesia", "ann", "before " + i).id());
        }
        rig.awaitRows("amnesia", 5);
        REDIS.flushAll(); // the registry and the room's streams gone; this node still counts its registration fresh
        for (int i = 0; i < 3; i++) {
            order.add(node.append("amnesia", "ann", "after " + i).id());
        }
        assertEquals(order, rig.awaitRows("amnesia", 8), "the new epoch's messages archived after the old ones");
        assertTrue(rig.registered("amnesia"), "registered again by the first append that found no archive stream");
        assertEquals(order.subList(0, 7), pageAll(node, "amnesia", order.get(7), 2));
    }

    @Test
    void anAppendToARoomWithoutAnArchiveStreamStoresNothingUntilTheRoomIsRegistered() throws Exception {
        RedisConnections c = rig.connections();
        RoomStream stream = new RoomStream(c, 100, 100);
        String fields = new MessageFields("ann", null, "hi", "o", null).json();
        Optional<Appended> refused = SyncEngine.await(stream.append("fresh", null, fields, Archiving.ON));
        assertEquals(Optional.empty(), refused);
        assertEquals(0, SyncEngine.await(stream.latest("fresh", 10)).entries().size(), "nothing stored");
        assertFalse(rig.hasStream("fresh"));

        Appended stored = SyncEngine.await(new ArchiveStreams(c, ArchiveStreams.GRACE_MILLIS).append(stream, "fresh", null, fields));
        assertEquals(1, stored.seq(), "the refused append took no seq");
        assertTrue(rig.registered("fresh"));
        assertEquals(1, rig.waiting("fresh"));
    }

    @Test
    void aRoomIsForgottenOnceNothingWaitedForTheGraceAndItsNextMessageIsStillArchived() throws Exception {
        SyncEngine node = new SyncEngine(rig.node(100, 100, 1_000, 500));
        String first = node.append("quiet", "ann", "one").id();
        rig.awaitRows("quiet", 1);
        ArchiveRig.await(() -> !rig.registered("quiet") && !rig.hasStream("quiet"), "the room forgotten after the grace");

        String second = node.append("quiet", "ann", "two").id(); // this node's own registration still counts as fresh
        assertEquals(List.of(first, second), rig.awaitRows("quiet", 2));
        assertTrue(rig.registered("quiet") || !rig.hasStream("quiet"), "a stream only for a registered room");
    }

    @Test
    void aRoomWithEntriesWaitingIsNeverForgotten() throws Exception {
        appendWithoutArchiver("busy", 3);
        ArchiveStreams dead = new ArchiveStreams(rig.connections(), ArchiveStreams.GRACE_MILLIS);
        SyncEngine.await(dead.take("busy", "archiver-dead", 10, 60_000));
        rig.node(100, 100, 60_000, 200); // will not take them over for a minute; a grace of 200 ms
        ArchiveRig.pause(1_500);
        assertTrue(rig.registered("busy"));
        assertEquals(3, rig.waiting("busy"));
        assertEquals(List.of(), rig.rows("busy"));
    }

    @Test
    void aMessageHoldingNulIsRefusedWhenArchivedAsTheDatabaseCannotStoreIt() {
        SyncEngine node = new SyncEngine(rig.node(100));
        assertThrows(UnencodableFrameException.class, () -> node.append("nul", "ann", "a\0b"));
        assertEquals(List.of(), node.latest("nul", 10));
    }

    /** {@code count} messages archived-on appended to {@code room} with no archiver running; their ids in order. */
    private List<String> appendWithoutArchiver(String room, int count) {
        RedisConnections c = rig.connections();
        RoomStream stream = new RoomStream(c, 1_000, 100);
        ArchiveStreams streams = new ArchiveStreams(c, ArchiveStreams.GRACE_MILLIS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String fields = new MessageFields("ann", null, "message " + i, "o", "c-" + i).json();
            ids.add(SyncEngine.await(streams.append(stream, room, CidKey.of("ann", null, "c-" + i), fields)).id());
        }
        return ids;
    }

    private static List<String> ids(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::id).toList();
    }
}
