package hubchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Appended;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.Stored;
import hubchat.engine.SyncEngine;
import hubchat.protocol.ChatMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcEngine} through the faults a database server's clients meet (staged on the embedded
 * HSQLDB through {@link FlakyDriver}): a commit that was applied although its answer was lost
 * with the connection (the store cannot tell it from a commit that failed; it must not take it
 * for one once the database is back), and a room opened while the database is unreachable (the
 * hub opens a room once: it must get its deliveries once the database is back).
 */
class JdbcEngineFaultTest {

    private static final long WAIT_MILLIS = 10_000;

    @TempDir
    Path dir;
    private final List<JdbcEngine> started = new ArrayList<>();

    @AfterEach
    void stop() {
        FlakyDriver.unreachable(false);
        started.forEach(JdbcEngine::close);
    }

    @Test
    void aCommitAppliedThoughItsAnswerWasLostIsFoundOnceTheDatabaseIsBackAndTheRoomGoesOn() throws Exception {
        JdbcEngine engine = start();
        SyncEngine e = new SyncEngine(engine);
        List<Stored> fed = new CopyOnWriteArrayList<>();
        engine.open("r", fed::add);
        ChatMessage one = e.append("r", "ann", "one");

        FlakyDriver.loseNextCommitAnswer();
        CompletableFuture<Appended> lost = engine.append("r", "ann", null, "o", "two", "c-2").toCompletableFuture();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> lost.get(5, TimeUnit.SECONDS));
        assertInstanceOf(EngineUnavailableException.class, failed.getCause(), "not acknowledged: the store cannot know");
        await(engine::isAvailable, "the store is available again");

        Appended two = e.append("r", "ann", "o", "two", "c-2");
        assertTrue(two.earlier(), "the re-send finds the message the lost commit stored");
        ChatMessage three = e.append("r", "ann", "three");
        List<String> ids = List.of(one.id(), two.stored().message().id(), three.id());
        assertEquals(ids, e.latest("r", 10).stream().map(ChatMessage::id).toList(), "each once, in order");
        await(() -> fed.size() >= 3, "three deliveries");
        assertEquals(ids, fed.stream().map(s -> s.message().id()).toList(), "the room's feed got the found one too, in its place");
        assertEquals(List.of(1L, 2L, 3L), fed.stream().map(Stored::seq).toList(), "dense seqs");
    }

    @Test
    void aRoomOpenedWhileTheDatabaseIsUnreachableGetsItsMessagesOnceItIsBack() throws Exception {
        JdbcEngine engine = start();
        SyncEngine e = new SyncEngine(engine);
        e.append("other", "ann", "before");
        FlakyDriver.unreachable(true);
        CompletableFuture<Appended> refused = engine.append("other", "ann", null, "o", "during", null).toCompletableFuture();
        assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
        List<Stored> fed = new CopyOnWriteArrayList<>();
        engine.open("r", fed::add);
        // Asked after the open, so answered after it: once this read has failed, so has the open.
        CompletableFuture<?> read = engine.latest("r", 10).toCompletableFuture();
        ExecutionException unread = assertThrows(ExecutionException.class, () -> read.get(10, TimeUnit.SECONDS));
        assertInstanceOf(EngineUnavailableException.class, unread.getCause());

        FlakyDriver.unreachable(false);
        await(engine::isAvailable, "the store is available again");
        ChatMessage hello = e.append("r", "ann", "hello");
        await(() -> !fed.isEmpty(), "a delivery to the room opened during the outage");
        assertEquals(List.of(hello.id()), fed.stream().map(s -> s.message().id()).toList());
    }

    private JdbcEngine start() {
        String real = "jdbc:hsqldb:file:" + dir.resolve("hubchat") + ";hsqldb.write_delay=false";
        JdbcEngine e = new JdbcEngine(Database.url(FlakyDriver.url(real), "SA", ""), 1000, Long.MAX_VALUE, 60_000, 100_000, 0,
                System::currentTimeMillis);
        started.add(e);
        return e;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + WAIT_MILLIS + " ms");
            Thread.sleep(20);
        }
    }
}
