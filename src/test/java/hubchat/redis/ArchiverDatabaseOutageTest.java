package hubchat.redis;

import static hubchat.redis.ArchiveRig.pageAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.EngineUnavailableException;
import hubchat.engine.SyncEngine;
import hubchat.protocol.ChatMessage;
import hubchat.testing.PostgresServer;
import hubchat.testing.RedisServer;
import hubchat.testing.RedisServer.Options;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat on a real redis-server archived into a real PostgreSQL that goes away (stopped cleanly,
 * or killed) and comes back: meanwhile appends go on at Redis' pace and are read back, the
 * messages wait in Redis' archive streams, a page within Redis' window is answered and one
 * beyond it fails as unavailable; once the database is back every message is archived exactly
 * once, in the room's order, by itself, and Redis' streams empty.
 */
@RequiresPrograms({SystemProgram.REDIS_SERVER, SystemProgram.POSTGRES})
class ArchiverDatabaseOutageTest {

    /** Longest an append may take while the database is down: Redis' pace, far below any database timeout. */
    private static final long APPEND_MILLIS = 1_000;

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer(Options.DEFAULT);
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    private ArchiveRig rig;

    @BeforeEach
    void start() {
        REDIS.flushAll();
        if (!POSTGRES.isRunning()) {
            POSTGRES.start(); // a test before failed while it was down
        }
        rig = new ArchiveRig(REDIS, POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @Test
    void postgresStoppedAndStartedAgainLeavesTheChatAloneAndArchivesEveryMessageOnce() throws Exception {
        drill("stopped", POSTGRES::stop);
    }

    @Test
    void postgresKilledAndStartedAgainLeavesTheChatAloneAndArchivesEveryMessageOnce() throws Exception {
        drill("killed", POSTGRES::kill);
    }

    private void drill(String room, Runnable down) throws Exception {
        SyncEngine node = new SyncEngine(rig.node(20));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            order.add(node.append(room, "ann", "before " + i).id());
        }
        assertEquals(order, rig.awaitRows(room, 30));

        down.run();
        long slowest = 0;
        for (int i = 0; i < 60; i++) {
            long t = System.nanoTime();
            order.add(node.append(room, "ann", "during " + i).id());
            slowest = Math.max(slowest, System.nanoTime() - t);
        }
        assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(APPEND_MILLIS),
                "no append waits for the database: the slowest took " + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms");
        assertEquals(order.subList(70, 90), ids(node.latest(room, 100)), "the chat's history goes on in Redis");
        ArchiveRig.pause(1_500); // archivers tried meanwhile
        assertEquals(60, rig.waiting(room), "the 60 wait in Redis");
        assertEquals(order.subList(80, 85), ids(node.before(room, order.get(85), 5)), "a page within Redis' window");
        assertEquals(order.subList(70, 75), ids(node.before(room, order.get(75), 20)),
                "a page reaching past Redis' window, the database down: what Redis has");
        EngineUnavailableException failed = assertThrows(EngineUnavailableException.class,
                () -> node.before(room, order.get(70), 10), "nothing in Redis before it, the database down");
        assertInstanceOf(EngineUnavailableException.class, failed);

        POSTGRES.start();
        assertEquals(order, rig.awaitRows(room, 90), "every message once, in order, once the database is back");
        ArchiveRig.await(() -> rig.waiting(room) == 0 && rig.pending(room) == 0, "Redis' archive stream emptied");
        assertEquals(order.subList(0, 89), pageAll(node, room, order.get(89), 25));
    }

    private static List<String> ids(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::id).toList();
    }
}
