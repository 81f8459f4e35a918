package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.SyncEngine;
import hubchat.protocol.ChatMessage;
import hubchat.store.Database;
import hubchat.store.DatabaseArchive;
import hubchat.testing.RedisServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Nodes of a chat on one real Redis, archiving into one real database, as the archive tests
 * need them: each node its own connections, {@link DatabaseArchive}, {@link Archiver} (with times
 * the test shortens) and {@link RedisEngine}; plus the database read as it is (every archived
 * id of a room in its order) and Redis' archive keys. Closes everything it made.
 */
final class ArchiveRig implements AutoCloseable {
    /** How long a test waits for the archivers to catch up. */
    static final long WAIT_MILLIS = 30_000;

    private final RedisServer redis;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<AutoCloseable> opened = new ArrayList<>();

    ArchiveRig(RedisServer redis, String jdbcUrl, String user, String password) {
        this.redis = redis;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** A node's engine keeping {@code historySize} messages per room in Redis, archived by an archiver with these times. */
    RedisEngine node(int historySize, long sweepMillis, long claimIdleMillis, long graceMillis) {
        RedisConnections connections = connections();
        Archiver archiver = new Archiver(connections, archive(), sweepMillis, claimIdleMillis, graceMillis);
        opened.add(0, archiver); // closed before its archive and connections
        return new RedisEngine(connections, historySize, Long.MAX_VALUE, 600_000, archiver);
    }

    /** A node with quick sweeps (200 ms), taking over others' entries idle for 1 s, and the real grace time. */
    RedisEngine node(int historySize) {
        return node(historySize, 200, 1_000, ArchiveStreams.GRACE_MILLIS);
    }

    /** An archive in the rig's database, closed with the rig. */
    DatabaseArchive archive() {
        DatabaseArchive archive = new DatabaseArchive(Database.url(jdbcUrl, user, password), 100_000, 0,
                System::currentTimeMillis);
        opened.add(0, archive);
        return archive;
    }

    RedisConnections connections() {
        RedisConnections c = RedisConnections.open(URI.create(redis.url(0)));
        opened.add(c);
        return c;
    }

    /** Every archived id of {@code room}, in the room's order. */
    List<String> rows(String room) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); PreparedStatement s = c.prepareStatement(
                "SELECT msg_id FROM hubchat_archive WHERE room = ? ORDER BY pos_ms, pos_seq")) {
            s.setString(1, room);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            return List.of(); // tables not made yet, or the database stopped by the test
        }
    }

    /** Waits until {@code room} has {@code count} archived rows (or more: the caller compares). */
    List<String> awaitRows(String room, int count) throws InterruptedException {
        await(() -> rows(room).size() >= count, room + ": " + count + " messages archived");
        pause(300); // a duplicate, if any were to come, would come with the same batch or the next sweep
        return rows(room);
    }

    /** Entries waiting in {@code room}'s archive stream. */
    long waiting(String room) {
        return (Long) redis.command("XLEN", RoomStream.archiveStream(room));
    }

    /** Entries of {@code room}'s archive stream taken by some archiver and not finished. */
    long pending(String room) {
        Object reply = redis.command("XPENDING", RoomStream.archiveStream(room), ArchiveStreams.GROUP);
        return (Long) ((List<?>) reply).get(0);
    }

    boolean registered(String room) {
        return redis.command("ZSCORE", ArchiveStreams.REGISTRY, room) != null;
    }

    boolean hasStream(String room) {
        return (Long) redis.command("EXISTS", RoomStream.archiveStream(room)) == 1L;
    }

    /** The whole history of {@code room} as a client pages it: {@code before} its oldest, {@code limit} at a time, oldest first. */
    static List<String> pageAll(SyncEngine engine, String room, String newest, int limit) {
        List<String> all = new ArrayList<>();
        String before = newest;
        while (true) {
            List<ChatMessage> page = engine.before(room, before, limit);
            if (page.isEmpty()) {
                Collections.reverse(all);
                return all;
            }
            for (int i = page.size() - 1; i >= 0; i--) {
                all.add(page.get(i).id());
            }
            before = page.get(0).id();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + WAIT_MILLIS + " ms");
            Thread.sleep(50);
        }
    }

    static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }
}
