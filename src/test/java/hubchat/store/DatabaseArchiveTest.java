package hubchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.archive.ArchivedMessage;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.SyncEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DatabaseArchive} on HSQLDB in a folder of the test's: the {@link DatabaseArchiveContract},
 * plus a database out of reach (staged through {@link FlakyDriver}: stores fail as unavailable,
 * pages fail at once, and once it is back everything is stored once) and a database made by the
 * release before the archive (its tables brought up to date, the store's messages kept, user ids
 * archived).
 */
class DatabaseArchiveTest extends DatabaseArchiveContract {

    @TempDir
    Path dir;

    @AfterEach
    void reachable() {
        FlakyDriver.unreachable(false);
    }

    @Override
    protected Database database() {
        return Database.url(FlakyDriver.url(url()), "SA", "");
    }

    private String url() {
        return "jdbc:hsqldb:file:" + dir.resolve("hubchat") + ";hsqldb.write_delay=false;hsqldb.tx=mvcc";
    }

    @Test
    void aDatabaseOutOfReachFailsStoresAndPagesAtOnceAndOnceBackStoresEachMessageOnce() throws Exception {
        DatabaseArchive archive = open();
        archive.store("r", messages(1, 3));
        FlakyDriver.unreachable(true);
        EngineUnavailableException refused = assertThrows(EngineUnavailableException.class,
                () -> archive.store("r", messages(3, 6)));
        assertTrue(refused.getMessage().contains("unreachable"), refused.getMessage());
        long asked = System.nanoTime();
        CompletableFuture<?> page = archive.before("r", "ep-3", 10).toCompletableFuture();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> page.get(10, TimeUnit.SECONDS));
        assertInstanceOf(EngineUnavailableException.class, failed.getCause());
        assertTrue(System.nanoTime() - asked < TimeUnit.SECONDS.toNanos(5), "a page fails within the pool's 2 s connect timeout");

        FlakyDriver.unreachable(false);
        archive.store("r", messages(3, 6)); // the archiver's next try: the same batch
        assertEquals(ids(1, 6), rows("r"));
        assertEquals(ids(1, 5), pageIds(archive, "r", "ep-6", 10));
    }

    @Test
    void aDatabaseOfTheReleaseBeforeTheArchiveIsBroughtUpToDateKeepingTheStoresMessages() throws Exception {
        try (Database db = Database.url(url(), "SA", "")) {
            JdbcEngine store = new JdbcEngine(db, 100, Long.MAX_VALUE, 60_000, 100, 0, () -> NOW);
            new SyncEngine(store).append("r", "ann", "kept");
            store.close();
        }
        try (Database db = Database.url(url(), "SA", ""); Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE hubchat_archive");
            s.execute("DROP TABLE hubchat_archive_rooms");
            s.execute("ALTER TABLE hubchat_messages DROP COLUMN from_id");
            s.executeUpdate("UPDATE hubchat_schema SET version = 1"); // as the release before left it
        }
        DatabaseArchive archive = open(100, 0, new AtomicLong(NOW));
        archive.store("r", messages(1, 2));
        archive.store("r", List.of(new ArchivedMessage("ep-3", 1_001, 1, NOW, "Ann", "u-1", "o", null, "from a user"),
                message(4)));
        assertEquals(ids(1, 4), rows("r"));
        assertEquals("u-1", SyncEngine.await(archive.before("r", "ep-4", 10)).get(2).fromId());
        try (Database db = Database.url(url(), "SA", ""); Connection c = db.connect()) {
            assertEquals(Schema.CURRENT, Schema.version(c));
        }
        try (Database db = Database.url(url(), "SA", "")) {
            JdbcEngine store = new JdbcEngine(db, 100, Long.MAX_VALUE, 60_000, 100, 0, () -> NOW);
            assertEquals(List.of("kept"), new SyncEngine(store).latest("r", 10).stream().map(m -> m.text()).toList());
            store.close();
        }
    }
}
