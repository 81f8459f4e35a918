package hubchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Appended;
import hubchat.engine.Engine;
import hubchat.engine.EngineContract;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.Stored;
import hubchat.engine.SyncEngine;
import hubchat.protocol.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcEngine} on the embedded HSQLDB, in a folder of the test's: the {@link EngineContract}
 * (a closed room's history stays in the database), plus what only a database gives: history,
 * senders' user ids and the cid memory survive a restart and ids go on without repeating, pages
 * reach past what is in memory, retention by age, tables of the release before brought up to
 * date, newer tables refused, and a database that goes away and comes back.
 */
class JdbcEngineTest extends EngineContract {
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;
    private final List<JdbcEngine> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(JdbcEngine::close);
    }

    @Override
    protected Engine newEngine(int keep, long idleMillis, LongSupplier clock) {
        return start(keep, keep, 0, idleMillis);
    }

    @Override
    protected boolean forgetsIdleRooms() {
        return false;
    }

    private JdbcEngine start(int cache, int retain, int retainDays, long idleMillis) {
        return start(cache, Long.MAX_VALUE, retain, retainDays, idleMillis);
    }

    private JdbcEngine start(int cache, long cacheBytes, int retain, int retainDays, long idleMillis) {
        JdbcEngine e = new JdbcEngine(Database.embedded(dir), cache, cacheBytes, idleMillis, retain, retainDays, clock::get);
        started.add(e);
        return e;
    }

    private SyncEngine restart(SyncEngine before) {
        ((JdbcEngine) before.engine()).close();
        started.remove((JdbcEngine) before.engine());
        return new SyncEngine(start(1000, 100_000, 0, 60_000));
    }

    @Test
    void historyIdsAndResumeSurviveARestart() {
        SyncEngine e = new SyncEngine(start(1000, 100_000, 0, 60_000));
        List<ChatMessage> said = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            said.add(e.append("r", "ann", "m" + i));
        }
        e = restart(e);
        assertEquals(ids(said), ids(e.latest("r", 10)), "every message, in order");
        assertEquals(Optional.of(ids(said.subList(3, 5))), e.after("r", said.get(2).id()).map(EngineContract::ids),
                "a since from before the restart resumes");
        ChatMessage next = e.append("r", "ann", "after");
        assertFalse(ids(said).contains(next.id()), "ids never repeat");
        List<Stored> fed = new CopyOnWriteArrayList<>();
        e.engine().open("r", fed::add);
        e.append("r", "ann", "fed");
        awaitSize(fed, 1);
        assertEquals(7, fed.get(0).seq(), "seqs go on where they stopped");
    }

    @Test
    void aResendAfterARestartGivesTheMessageStoredBeforeIt() {
        SyncEngine e = new SyncEngine(start(1000, 100_000, 0, 60_000));
        Appended first = e.append("r", "ann", "seat-1", "hello", "c-1");
        e = restart(e);
        Appended again = e.append("r", "ann", "seat-2", "hello", "c-1");
        assertTrue(again.earlier());
        assertEquals(first.stored().message().id(), again.stored().message().id());
        assertEquals(1, e.latest("r", 10).size());
    }

    @Test
    void theSendersUserIdAndItsCidsSurviveARestartAndAreReadFromTheDatabasePastWhatIsInMemory() {
        SyncEngine e = new SyncEngine(start(1000, 100_000, 0, 60_000));
        Appended first = e.append("r", "ann", "u-1", "seat-1", "hello", "c-1");
        e.append("r", "bob", null, "seat-2", "anonymous", "c-1");
        for (int i = 0; i < 10; i++) {
            e.append("r", "ann", "u-1", "seat-1", "message " + i, null);
        }
        ((JdbcEngine) e.engine()).close();
        started.remove((JdbcEngine) e.engine());
        e = new SyncEngine(start(1000, 400, 100_000, 0, 60_000)); // memory holds about two
        List<ChatMessage> all = e.latest("r", 12);
        assertEquals(12, all.size(), "read from the database: more than memory holds");
        assertEquals("u-1", all.get(0).fromId());
        assertNull(all.get(1).fromId(), "an anonymous sender's message has none");
        assertEquals("u-1", e.before("r", all.get(1).id(), 1).get(0).fromId(), "a page older than memory");
        Appended again = e.append("r", "ann-2", "u-1", "seat-9", "hello", "c-1");
        assertTrue(again.earlier(), "a re-send after the restart is known by the user id");
        assertEquals(first.stored().message().id(), again.stored().message().id());
        assertEquals("u-1", again.stored().message().fromId());
        assertFalse(e.append("r", "ann", "u-2", "seat-3", "hello", "c-1").earlier(), "another user's cid");
    }

    @Test
    void aDatabaseAtSchema2IsBroughtUpToDateAndItsMessagesReadWithoutFromId() throws Exception {
        try (Database db = Database.embedded(dir); Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE hubchat_schema (version INTEGER NOT NULL)"); // as the release before left it
            s.execute("INSERT INTO hubchat_schema (version) VALUES (2)");
            for (int v = 1; v <= 2; v++) {
                for (String statement : Schema.statements(script(v))) {
                    s.execute(statement);
                }
            }
            s.execute("INSERT INTO hubchat_messages (room, seq, num, epoch, sent_at, sender, origin, cid, body)"
                    + " VALUES ('r', 1, 1, 'old', 5, 'ann', 'seat-1', 'c-1', 'from before')");
            s.execute("INSERT INTO hubchat_rooms (room, last_seq) VALUES ('r', 1)");
            s.execute("UPDATE hubchat_numbers SET last_num = 1");
        }
        SyncEngine e = new SyncEngine(start(1000, 100_000, 0, 60_000));
        ChatMessage old = e.latest("r", 10).get(0);
        assertEquals(List.of("old-1", "ann", "from before"), List.of(old.id(), old.from(), old.text()));
        assertNull(old.fromId());
        assertFalse(old.frame().json().contains("fromId"), old.frame().json());
        assertTrue(e.append("r", "ann", null, "seat-2", "from before", "c-1").earlier(), "its cid is still the nick's");
        assertFalse(e.append("r", "ann", "ann", "seat-3", "from a user", "c-1").earlier(), "not a user's whose id is that nick");
        assertEquals("ann", e.latest("r", 1).get(0).fromId());
        try (Database db = Database.embedded(dir); Connection c = db.connect()) {
            assertEquals(Schema.CURRENT, Schema.version(c));
        }
        e = restart(e);
        assertEquals(Arrays.asList(null, "ann"), e.latest("r", 10).stream().map(ChatMessage::fromId).toList());
    }

    @Test
    void pagesReachBackPastWhatIsInMemory() {
        SyncEngine e = new SyncEngine(start(1000, 400, 100_000, 0, 60_000)); // memory holds about two
        List<ChatMessage> said = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            said.add(e.append("r", "ann", "message " + i));
        }
        assertEquals(ids(said.subList(1, 4)), ids(e.before("r", said.get(4).id(), 3)));
        assertEquals(ids(said.subList(0, 2)), ids(e.before("r", said.get(2).id(), 50)));
        assertEquals(ids(said.subList(2, 10)), ids(e.latest("r", 8)), "more than memory holds");
        assertEquals(Optional.of(ids(said.subList(2, 10))), e.after("r", said.get(1).id()).map(EngineContract::ids));
        assertEquals(Optional.empty(), e.after("r", e.append("other", "ann", "x").id()), "another room's id");
    }

    @Test
    void messagesOlderThanTheRetentionAgeAreDeletedInTheBackground() throws Exception {
        SyncEngine e = new SyncEngine(start(1000, 100_000, 1, 60_000));
        ChatMessage old = e.append("r", "ann", "old");
        passTime(DAY + 1);
        ChatMessage recent = e.append("r", "ann", "recent");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (e.latest("r", 10).size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(recent.id()), ids(e.latest("r", 10)));
        assertEquals(Optional.empty(), e.after("r", old.id()), "a since from a deleted message cannot resume");
        assertEquals(List.of(recent.id()), ids(restart(e).latest("r", 10)), "deleted from the database too");
    }

    /** The text of {@code schema-N.sql}, as a release before this one ran it. */
    private static String script(int version) throws IOException {
        try (InputStream in = Schema.class.getResourceAsStream("schema-" + version + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tablesNewerThanThisReleaseStopTheStartWithAClearMessage() throws Exception {
        start(10, 10, 0, 60_000).close();
        started.clear();
        try (Database db = Database.embedded(dir); Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE hubchat_schema SET version = 99");
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start(10, 10, 0, 60_000));
        assertTrue(refused.getMessage().contains("version 99, newer than this release knows (" + Schema.CURRENT + ")"),
                refused.getMessage());
    }

    @Test
    void aDatabaseThatGoesAwayFailsAppendsAsUnavailableAndTheStoreRecoversByItself() throws Exception {
        SyncEngine e = new SyncEngine(start(1000, 100_000, 0, 60_000));
        ChatMessage before = e.append("r", "ann", "before");
        try (Database other = Database.embedded(dir); Connection c = other.connect(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN"); // closes the database under every connection of the engine's pool
        }
        CompletableFuture<Appended> lost = e.engine().append("r", "ann", null, "o", "during", "c-9").toCompletableFuture();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> lost.get(5, TimeUnit.SECONDS));
        assertInstanceOf(EngineUnavailableException.class, failed.getCause());
        assertFalse(e.engine().isAvailable(), "reported not ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!e.engine().isAvailable() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(e.engine().isAvailable(), "the probe found the database again");
        Appended resent = e.append("r", "ann", "o", "during", "c-9");
        assertFalse(resent.earlier(), "the failed message was not stored");
        assertEquals(List.of(before.id(), resent.stored().message().id()), ids(e.latest("r", 10)));
        assertNotEquals(before.id(), resent.stored().message().id());
    }
}
