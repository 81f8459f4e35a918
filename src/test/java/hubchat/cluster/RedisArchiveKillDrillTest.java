package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.testing.ChatNode;
import hubchat.testing.PostgresServer;
import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes on one Redis, archiving into one real PostgreSQL, with a small Redis window: senders
 * on both nodes burst into two rooms, and one node is killed with {@code kill -9} mid-burst (its
 * archiver's batch in hand, if any, and whatever it had not archived yet, left behind). Its
 * senders finish on the other node, re-sending what was in flight with the same cids. Then the
 * database holds every acknowledged message of each room exactly once, at its acknowledged id,
 * in the room's order (as a member of the room saw it), and nothing else; Redis' archive streams
 * are empty; and a client paging with {@code before} reads the whole room, far past what Redis
 * keeps.
 */
@RequiresPrograms({SystemProgram.REDIS_SERVER, SystemProgram.POSTGRES})
class RedisArchiveKillDrillTest {

    private static final List<String> ROOMS = List.of("archived-1", "archived-2");
    private static final int PER_SENDER = 150;
    /** Messages a sender keeps in flight: enough that the kill finds some unanswered. */
    private static final int WINDOW = 8;
    /** The kill comes once each of the doomed node's senders has this many acknowledged, about a third of its burst. */
    private static final int KILL_AFTER = 50;
    /** Messages a room keeps in Redis: far fewer than the burst, so most pages come from the database. */
    private static final int IN_REDIS = 40;
    private static final Duration BURST_WAIT = Duration.ofSeconds(60);
    /** A killed node's members are announced left within about 9 s. */
    private static final Duration LEFT_WITHIN = Duration.ofSeconds(30);
    /** The dead node's unfinished batch is taken over after 30 s idle, at the next 5 s sweep. */
    private static final Duration ARCHIVED_WITHIN = Duration.ofSeconds(120);

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer(RedisServer.Options.DEFAULT);
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Test
    void aNodeKilledMidBurstLosesNoMessageFromTheArchiveAndNoneIsArchivedTwice() throws Exception {
        Map<Setting, Object> settings = Map.of(Setting.REDIS_URL, REDIS.url(0), Setting.DB_URL, POSTGRES.jdbcUrl(),
                Setting.DB_USER, POSTGRES.user(), Setting.DB_PASSWORD, POSTGRES.password(),
                Setting.HISTORY_SIZE, IN_REDIS, Setting.PRESENCE_WINDOW_MS, 50);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        ChatNode doomed = ChatNode.start("archive-a", settings);
        ChatNode survivor = ChatNode.start("archive-b", settings);
        List<Chatter> ears = new ArrayList<>();
        try {
            String wired = Files.readString(survivor.log());
            assertTrue(wired.contains("history: Redis at 127.0.0.1:" + REDIS.port() + ", archived to " + POSTGRES.jdbcUrl()),
                    "the node says where history goes" + survivor.tail());
            for (String room : ROOMS) {
                ears.add(Chatter.join(survivor, room, "ear"));
            }
            List<AtomicInteger> acknowledged = new ArrayList<>(); // each of the doomed node's senders
            AtomicInteger acknowledgedElsewhere = new AtomicInteger();
            Map<String, List<BurstSender>> sendersByRoom = new HashMap<>();
            List<BurstSender> onDoomed = new ArrayList<>();
            List<CompletableFuture<Boolean>> doomedBursts = new ArrayList<>();
            List<CompletableFuture<Boolean>> survivorBursts = new ArrayList<>();
            for (int r = 0; r < ROOMS.size(); r++) {
                String room = ROOMS.get(r);
                acknowledged.add(new AtomicInteger());
                BurstSender a = new BurstSender("a" + r, PER_SENDER, WINDOW, acknowledged.get(r));
                BurstSender b = new BurstSender("b" + r, PER_SENDER, WINDOW, acknowledgedElsewhere);
                sendersByRoom.put(room, List.of(a, b));
                onDoomed.add(a);
                doomedBursts.add(CompletableFuture.supplyAsync(() -> call(() -> a.burst(doomed, room)), threads));
                survivorBursts.add(CompletableFuture.supplyAsync(() -> call(() -> b.burst(survivor, room)), threads));
            }
            long deadline = System.nanoTime() + BURST_WAIT.toNanos();
            while (acknowledged.stream().anyMatch(n -> n.get() < KILL_AFTER)) {
                assertFalse(doomedBursts.stream().anyMatch(CompletableFuture::isDone), "a burst ended before the kill" + doomed.tail());
                assertTrue(System.nanoTime() < deadline, acknowledged + " acknowledged within " + BURST_WAIT);
                Thread.sleep(1);
            }
            doomed.kill9();
            int acknowledgedAtKill = acknowledged.stream().mapToInt(AtomicInteger::get).sum() + acknowledgedElsewhere.get();
            List<Object> pendingAtKill = new ArrayList<>(); // per room: each archiver's entries taken and unfinished
            long waitingAtKill = 0;
            for (String room : ROOMS) {
                pendingAtKill.add(((List<?>) REDIS.command("XPENDING", archive(room), "archivers")).get(3));
                waitingAtKill += (Long) REDIS.command("XLEN", archive(room));
            }
            for (CompletableFuture<Boolean> burst : doomedBursts) {
                assertTrue(burst.get(30, TimeUnit.SECONDS), "the killed node's senders lost their connections mid-burst");
            }
            for (CompletableFuture<Boolean> burst : survivorBursts) {
                assertFalse(burst.get(BURST_WAIT.toSeconds(), TimeUnit.SECONDS), "the other node's senders went on to the end");
            }
            for (int r = 0; r < ROOMS.size(); r++) {
                String nick = onDoomed.get(r).nick();
                ears.get(r).awaitPresence(f -> Chatter.named(f, "left").contains(nick), nick + " left", LEFT_WITHIN);
            }
            List<CompletableFuture<Boolean>> finishing = new ArrayList<>();
            for (int r = 0; r < ROOMS.size(); r++) {
                BurstSender s = onDoomed.get(r);
                String room = ROOMS.get(r);
                finishing.add(CompletableFuture.supplyAsync(() -> call(() -> {
                    s.finish(survivor, room);
                    return true;
                }), threads));
            }
            CompletableFuture.allOf(finishing.toArray(CompletableFuture[]::new)).get(BURST_WAIT.toSeconds(), TimeUnit.SECONDS);

            long archivedAfter = System.nanoTime();
            for (int r = 0; r < ROOMS.size(); r++) {
                String room = ROOMS.get(r);
                Chatter ear = ears.get(r);
                ear.awaitMessages(2 * PER_SENDER, Chatter.WAIT);
                List<String> order = ear.messageIds();
                assertEquals(order.size(), new HashSet<>(order).size(), "the member got each message once");
                // First the dead node's batch taken over (after 30 s idle), whether it had stored it or
                // not: only then is a batch stored twice in the database to be seen.
                awaitNothingWaiting(room);
                List<String[]> rows = awaitArchived(room, order.size());
                assertEquals(order, rows.stream().map(row -> row[0]).toList(),
                        room + ": every message archived once, in the room's order, and nothing else");
                assertEveryAcknowledgedMessageIsArchivedAtItsId(sendersByRoom.get(room), rows);
                assertEquals(order, Chatter.ids(RoomHistory.read(survivor, room, "reader")),
                        room + ": paging with before reads the whole room, past Redis' " + IN_REDIS);
                assertEquals(0L, REDIS.command("XLEN", archive(room)), room + ": nothing left waiting in Redis");
                assertEquals(0L, ((List<?>) REDIS.command("XPENDING", archive(room), "archivers")).get(0));
            }
            int inFlight = onDoomed.stream().mapToInt(s -> s.inFlightAtLoss().size()).sum();
            System.out.printf("archive kill drill: %d acknowledged before the kill; at the kill %d entries waited in the "
                    + "archive streams, taken and unfinished per room and archiver %s; %d in flight and re-sent; "
                    + "the archive complete %d ms after the bursts ended%n", acknowledgedAtKill, waitingAtKill, pendingAtKill, inFlight,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - archivedAfter));
        } finally {
            ears.forEach(Chatter::close);
            threads.shutdownNow();
            doomed.kill9();
            survivor.stop();
        }
    }

    /** Each acknowledged message is archived at the id its sender was given, with its text, and each row is one of them. */
    private static void assertEveryAcknowledgedMessageIsArchivedAtItsId(List<BurstSender> senders, List<String[]> rows) {
        Map<String, String> textById = new HashMap<>();
        rows.forEach(row -> textById.put(row[0], row[1]));
        int acknowledged = 0;
        for (BurstSender s : senders) {
            assertEquals(PER_SENDER, s.idByCid().size(), s.nick() + ": every message acknowledged in the end");
            for (Map.Entry<String, String> e : s.idByCid().entrySet()) {
                assertEquals(Acknowledgements.textOf(e.getKey()), textById.get(e.getValue()), e.getKey() + " archived at " + e.getValue());
                acknowledged++;
            }
        }
        assertEquals(acknowledged, rows.size(), "nothing archived but the acknowledged messages");
    }

    /** The room's archived rows (id, text) in its order, once there are {@code count}; fails after {@link #ARCHIVED_WITHIN}. */
    private static List<String[]> awaitArchived(String room, int count) throws Exception {
        long deadline = System.nanoTime() + ARCHIVED_WITHIN.toNanos();
        List<String[]> rows = rows(room);
        while (rows.size() < count) {
            assertTrue(System.nanoTime() < deadline, room + ": " + rows.size() + " of " + count + " archived within " + ARCHIVED_WITHIN);
            Thread.sleep(200);
            rows = rows(room);
        }
        Thread.sleep(1_000); // a message archived twice would show by now
        return rows(room);
    }

    /** Waits until nothing of {@code room} waits in Redis to be archived; fails after {@link #ARCHIVED_WITHIN}. */
    private static void awaitNothingWaiting(String room) throws Exception {
        long deadline = System.nanoTime() + ARCHIVED_WITHIN.toNanos();
        Object waiting;
        while (!Long.valueOf(0).equals(waiting = REDIS.command("XLEN", archive(room)))) {
            assertTrue(System.nanoTime() < deadline, room + ": " + waiting + " entries still waiting in Redis after " + ARCHIVED_WITHIN);
            Thread.sleep(200);
        }
    }

    private static List<String[]> rows(String room) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
             PreparedStatement s = c.prepareStatement("SELECT msg_id, body FROM hubchat_archive WHERE room = ? ORDER BY pos_ms, pos_seq")) {
            s.setString(1, room);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new String[] {r.getString(1), r.getString(2)});
                }
            }
            return rows;
        }
    }

    private static String archive(String room) {
        return "{room:" + room + "}:archive";
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
