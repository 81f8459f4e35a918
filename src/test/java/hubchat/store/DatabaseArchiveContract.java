package hubchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import hubchat.archive.ArchivedMessage;
import hubchat.engine.SyncEngine;
import hubchat.protocol.ChatMessage;
import hubchat.testing.JsonFrames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the archive of a chat on Redis ({@link DatabaseArchive}) must do on every database it
 * runs on: store each message once however often it is handed over, by one archiver or several
 * at once; page in the room's order (its archive positions), whatever order messages were
 * archived in; answer an unknown id or another room's with an empty page; keep the newest
 * {@code CHAT_RETAIN_MESSAGES} per room and drop what is older than {@code CHAT_RETAIN_DAYS};
 * keep each sender's user id (none for an anonymous sender); and store the rest of a batch when
 * the database refuses one message as data.
 */
abstract class DatabaseArchiveContract {
    private static final long DAY = 86_400_000L;
    protected static final long NOW = 1_700_000_000_000L;

    private final List<DatabaseArchive> opened = new ArrayList<>();

    /** A database with no archive rows (a new one, or one whose tables were dropped). */
    protected abstract Database database();

    @AfterEach
    void closeArchives() {
        opened.forEach(DatabaseArchive::close);
    }

    protected DatabaseArchive open(int retainMessages, int retainDays, AtomicLong clock) {
        DatabaseArchive a = new DatabaseArchive(database(), retainMessages, retainDays, clock::get);
        opened.add(a);
        return a;
    }

    protected DatabaseArchive open() {
        return open(100_000, 0, new AtomicLong(NOW));
    }

    /**
     * Message {@code n} of a room: id {@code ep-N}, archive position (1000 + n / 2, n % 2), so
     * that pairs share a millisecond and only the counter orders them.
     */
    protected static ArchivedMessage message(int n) {
        return new ArchivedMessage("ep-" + n, 1_000 + n / 2, n % 2, NOW + n, "ann", null, "origin-ann", "c-" + n, "text " + n);
    }

    protected static List<ArchivedMessage> messages(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(DatabaseArchiveContract::message).toList();
    }

    protected static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> "ep-" + n).toList();
    }

    @Test
    void eachMessageIsStoredOnceHoweverOftenAndByHowManyArchiversItIsHandedOver() throws Exception {
        DatabaseArchive archive = open();
        archive.store("r", messages(1, 5));
        archive.store("r", messages(3, 8)); // a batch whose hand-over was lost, taken again with newer ones
        archive.store("r", List.of(message(8), message(8)));
        open().store("r", messages(1, 8)); // another node's archiver, the same batch
        assertEquals(ids(1, 8), rows("r"));
        assertEquals(8, lastNum("r"), "the room's count: 8 rows, none counted twice");
    }

    @Test
    void pagesFollowTheRoomsOrderWhateverOrderTheMessagesWereArchivedIn() throws Exception {
        DatabaseArchive archive = open();
        archive.store("r", messages(5, 8));
        archive.store("r", messages(1, 4)); // a dead node's batch, taken over later
        archive.store("r", messages(9, 9));
        assertEquals(ids(1, 9), rows("r"));
        assertEquals(ids(1, 8), pageIds(archive, "r", "ep-9", 100));
        assertEquals(ids(3, 4), pageIds(archive, "r", "ep-5", 2), "the two just before, oldest first");
        assertEquals(ids(4, 5), pageIds(archive, "r", "ep-6", 2), "5 and 6 share a millisecond: the counter orders them");
        assertEquals(List.of(), pageIds(archive, "r", "ep-1", 10), "nothing before the first");
        ChatMessage m = SyncEngine.await(archive.before("r", "ep-3", 1)).get(0);
        assertEquals(List.of("ep-2", "r", "ann", "text 2", NOW + 2), List.of(m.id(), m.room(), m.from(), m.text(), m.ts()));
    }

    @Test
    void theSendersUserIdIsArchivedAndPagedBackAndAnAnonymousSenderHasNone() throws Exception {
        DatabaseArchive archive = open();
        ArchivedMessage user = new ArchivedMessage("ep-1", 1_000, 0, NOW, "Ann", "u-1", "o", "c-1", "from a user");
        archive.store("r", List.of(user, message(2), message(3)));
        List<ChatMessage> page = SyncEngine.await(archive.before("r", "ep-3", 10));
        assertEquals(List.of("ep-1", "ep-2"), page.stream().map(ChatMessage::id).toList());
        assertEquals(List.of("Ann", "u-1"), List.of(page.get(0).from(), page.get(0).fromId()));
        assertEquals("u-1", JsonFrames.parse(page.get(0).frame().json()).get("fromId"));
        assertNull(page.get(1).fromId());
        assertFalse(page.get(1).frame().json().contains("fromId"), page.get(1).frame().json());
    }

    @Test
    void anIdNotArchivedOrOfAnotherRoomGivesAnEmptyPage() throws Exception {
        DatabaseArchive archive = open();
        archive.store("r", messages(1, 3));
        assertEquals(List.of(), pageIds(archive, "r", "ep-99", 10));
        assertEquals(List.of(), pageIds(archive, "r", "not an id at all", 10));
        assertEquals(List.of(), pageIds(archive, "other", "ep-3", 10), "ids are per room");
    }

    @Test
    void eachRoomKeepsItsNewestRetainMessagesAndNothingOlderThanRetainDays() throws Exception {
        AtomicLong clock = new AtomicLong(NOW);
        DatabaseArchive archive = open(3, 1, clock);
        archive.store("r", messages(1, 2));
        archive.store("r", messages(3, 5));
        archive.store("s", messages(1, 2));
        assertEquals(ids(3, 5), rows("r"), "the count bound holds at every commit");
        assertEquals(ids(1, 2), rows("s"), "per room");

        clock.set(NOW + DAY + 4); // messages 1..3 are now older than a day (sent at NOW + n)
        archive.maintain();
        assertEquals(ids(4, 5), rows("r"));
        assertEquals(List.of(), rows("s"));
    }

    @Test
    void aMessageTheDatabaseRefusesAsDataDoesNotHoldBackTheRestOfItsBatch() throws Exception {
        DatabaseArchive archive = open();
        ArchivedMessage tooLong = new ArchivedMessage("ep-2", 1_001, 0, NOW, "ann", null, "o", null, "x".repeat(9_000));
        archive.store("r", List.of(message(1), tooLong, message(3)));
        assertEquals(List.of("ep-1", "ep-3"), rows("r"));
    }

    @Test
    void archiversStoringOverlappingBatchesAtOnceStoreEachMessageOnce() throws Exception {
        int total = 300;
        List<DatabaseArchive> archivers = List.of(open(), open(), open());
        ExecutorService threads = Executors.newFixedThreadPool(archivers.size());
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int a = 0; a < archivers.size(); a++) {
                DatabaseArchive archive = archivers.get(a);
                Random random = new Random(a);
                runs.add(CompletableFuture.runAsync(() -> {
                    List<ArchivedMessage> all = new ArrayList<>(messages(1, total));
                    Collections.shuffle(all, random);
                    for (int from = 0; from < total; ) {
                        int size = 1 + random.nextInt(40);
                        archive.store("busy", all.subList(from, Math.min(total, from + size)));
                        from += size;
                    }
                }, threads));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertEquals(ids(1, total), rows("busy"));
        assertEquals(total, lastNum("busy"), "every row counted once");
    }

    protected static List<String> pageIds(DatabaseArchive archive, String room, String before, int limit) {
        return SyncEngine.await(archive.before(room, before, limit)).stream().map(ChatMessage::id).toList();
    }

    /** Every archived id of {@code room}, in the room's order. */
    protected List<String> rows(String room) throws SQLException {
        try (Database db = database(); Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT msg_id FROM hubchat_archive WHERE room = ? ORDER BY pos_ms, pos_seq")) {
            s.setString(1, room);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        }
    }

    private long lastNum(String room) throws SQLException {
        try (Database db = database(); Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT last_num FROM hubchat_archive_rooms WHERE room = ?")) {
            s.setString(1, room);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }
}
