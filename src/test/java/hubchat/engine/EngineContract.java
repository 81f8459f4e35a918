package hubchat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.ChatMessage;
import hubchat.protocol.Frames;
import hubchat.protocol.OutboundFrame;
import hubchat.protocol.UnencodableFrameException;
import hubchat.protocol.Unicode;
import hubchat.testing.JsonFrames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Engine} must do, whatever keeps its messages: the hub relies on exactly
 * this. Each append gets a new id, and every listing ({@code latest}, {@code after},
 * {@code before}) follows the order of the appends, oldest first; an id the engine does not
 * know (not one of its own, another room's, forgotten, or dropped by retention) gives an empty
 * {@code after} (so a resume knows it may have a gap) and an empty {@code before}; retention
 * drops the oldest messages first; a message whose frame cannot be made is refused and not
 * kept; rooms are independent, also when they are written at the same time. The sender's user id
 * (null: anonymous) comes back with the message from every read, and a re-sent cid is known by
 * it (by the nick for an anonymous sender), never mixing a user id with a nick.
 *
 * <p>A new engine joins by one subclass that says how to make it:
 *
 * <pre>
 * class RedisEngineTest extends EngineContract {
 *     &#64;Override
 *     protected Engine newEngine(int keep, long idleMillis, LongSupplier clock) {
 *         return new RedisEngine(..., keep, idleMillis, clock);
 *     }
 *     // and tests of what only this engine does
 * }
 * </pre>
 *
 * Every test here then runs against it. What one engine does beyond the contract (the memory
 * engine's byte bound, its ids across restarts) is tested in its subclass only.
 *
 * <p>Time and delivery are the engine's own: an engine may stamp messages with a clock of its
 * own ({@link #now}) and expire rooms by it ({@link #passTime}), and deliver on its own threads
 * a while after the append returned, so the tests here wait for deliveries (at most 5 s) and
 * prove that something was not delivered by a later message that was.
 */
public abstract class EngineContract {
    /** What the tests here ask engines to keep per room, unless they test retention. */
    private static final int ROOMY = 1000;

    /** The engine's clock, moved by the tests: a message's {@code ts} is its time at the append. */
    protected final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    /**
     * A new, empty engine that keeps the newest {@code keep} messages of each room (older ones
     * are dropped) and stamps each message with {@code clock}'s time.
     */
    protected abstract Engine newEngine(int keep, long idleMillis, LongSupplier clock);

    /** How long a closed room's history is kept after its last message, in the test here that says so. */
    protected long idleMillis() {
        return 60_000;
    }

    /**
     * Whether a closed room's history goes once the room has been idle for the idle time (the
     * memory and Redis engines), or stays until retention deletes it (a database).
     */
    protected boolean forgetsIdleRooms() {
        return true;
    }

    /** The time by the clock the engine stamps messages with. */
    protected long now() {
        return clock.get();
    }

    /** Lets {@code millis} pass for the engine (and {@link #now}), and the engine act on it. */
    protected void passTime(long millis) {
        clock.addAndGet(millis);
    }

    private SyncEngine engine() {
        return new SyncEngine(newEngine(ROOMY, Long.MAX_VALUE / 4, clock::get));
    }

    @Test
    void anAppendReturnsTheMessageWithItsRoomSenderTextAndTheClocksTime() {
        SyncEngine e = engine();
        long before = now();
        ChatMessage m = e.append("r", "ann", "hello");
        long after = now();
        assertEquals("r", m.room());
        assertEquals("ann", m.from());
        assertEquals("hello", m.text());
        assertTrue(before <= m.ts() && m.ts() <= after, m.ts() + " within [" + before + ", " + after + "]");
        passTime(5);
        long later = e.append("r", "ann", "later").ts();
        assertTrue(later >= m.ts() + 5 && later <= now(), "5 ms later: " + later + " after " + m.ts());
    }

    @Test
    void eachAppendGetsANewIdAndListingsFollowTheOrderOfTheAppends() {
        SyncEngine e = engine();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(e.append(i % 2 == 0 ? "a" : "b", "ann", "m" + i).id());
        }
        assertEquals(40, new HashSet<>(ids).size(), "ids never repeat, in a room or across rooms");
        assertEquals(IntStream.range(0, 40).filter(i -> i % 2 == 0).mapToObj(i -> "m" + i).toList(),
                texts(e.latest("a", 100)), "a room's own messages, oldest first");
    }

    @Test
    void latestGivesUpToTheLimitOfTheNewestOldestFirst() {
        SyncEngine e = engine();
        List<ChatMessage> all = appendAll(e, "r", 10);
        assertEquals(ids(all.subList(7, 10)), ids(e.latest("r", 3)));
        assertEquals(ids(all), ids(e.latest("r", 50)), "fewer than the limit: all of them");
        assertEquals(List.of(), e.latest("empty", 50), "a room with no messages");
    }

    @Test
    void afterGivesEveryMessageAfterTheIdOldestFirst() {
        SyncEngine e = engine();
        List<ChatMessage> all = appendAll(e, "r", 10);
        assertEquals(Optional.of(ids(all.subList(4, 10))), e.after("r", all.get(3).id()).map(EngineContract::ids));
        assertEquals(Optional.of(List.of()), e.after("r", all.get(9).id()), "nothing after the newest: known, empty");
    }

    @Test
    void beforeGivesUpToTheLimitOfThoseJustBeforeTheIdOldestFirst() {
        SyncEngine e = engine();
        List<ChatMessage> all = appendAll(e, "r", 10);
        assertEquals(ids(all.subList(3, 6)), ids(e.before("r", all.get(6).id(), 3)));
        assertEquals(ids(all.subList(0, 2)), ids(e.before("r", all.get(2).id(), 50)), "fewer left than the limit");
        assertEquals(List.of(), e.before("r", all.get(0).id(), 50), "nothing before the oldest");
    }

    @Test
    void anIdTheRoomDoesNotKnowGivesNothingAfterAndNothingBefore() {
        SyncEngine e = engine();
        appendAll(e, "r", 3);
        String elsewhere = e.append("other", "ann", "x").id();
        for (String unknown : List.of("nonsense", "", "-1", "abc-1", "0-0", elsewhere)) {
            assertEquals(Optional.empty(), e.after("r", unknown), "after '" + unknown + "'");
            assertEquals(List.of(), e.before("r", unknown, 10), "before '" + unknown + "'");
        }
        assertEquals(Optional.empty(), e.after("nowhere", elsewhere), "a room with no messages knows no id");
    }

    @Test
    void aClosedRoomsHistoryIsDroppedOnceItHasHadNoMessageForTheIdleTimeUnlessTheEngineKeepsItAndOthersKeepTheirs() {
        long idle = idleMillis();
        SyncEngine e = new SyncEngine(newEngine(ROOMY, idle, clock::get));
        e.engine().open("a", s -> { });
        e.engine().open("b", s -> { });
        String id = e.append("a", "ann", "1").id();
        ChatMessage kept = e.append("b", "ann", "2");
        passTime(idle);
        assertEquals(1, e.latest("a", 10).size(), "open: kept however long it is quiet");
        e.engine().close("a");
        passTime(idle);
        if (forgetsIdleRooms()) {
            assertEquals(List.of(), e.latest("a", 10), "closed and idle: dropped");
            assertEquals(Optional.empty(), e.after("a", id));
        } else {
            assertEquals(List.of(id), ids(e.latest("a", 10)), "closed and idle: kept all the same");
            assertEquals(Optional.of(List.of()), e.after("a", id).map(EngineContract::ids));
        }
        assertEquals(ids(List.of(kept)), ids(e.latest("b", 10)), "an open room keeps its history meanwhile");
        ChatMessage fresh = e.append("a", "ann", "again");
        assertNotEquals(id, fresh.id(), "ids never repeat");
        assertEquals(ids(List.of(fresh)), ids(e.latest("a", forgetsIdleRooms() ? 10 : 1)));
    }

    @Test
    void anOpenRoomIsDeliveredEveryMessageOnceInOrderWithDenseSequencesAndHistoryPositions() {
        SyncEngine e = engine();
        List<Stored> fed = new CopyOnWriteArrayList<>();
        e.append("r", "ann", "before the open");
        e.engine().open("r", fed::add);
        List<ChatMessage> appended = appendAll(e, "r", 5);
        awaitSize(fed, 5);
        assertEquals(ids(appended), fed.stream().map(s -> s.message().id()).toList());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), fed.stream().map(Stored::seq).toList());
        History latest = SyncEngine.await(e.engine().latest("r", 2));
        assertEquals(6, latest.seq(), "the position the history ends at");
        assertEquals(fed.get(0).epoch(), latest.epoch());
        e.engine().close("r");
        e.append("r", "ann", "after the close");
        List<Stored> other = new CopyOnWriteArrayList<>();
        e.engine().open("s", other::add);
        e.append("s", "ann", "in another room, after that");
        awaitSize(other, 1);
        assertEquals(5, fed.size(), "nothing delivered once closed");
    }

    @Test
    void aResendWithTheSameSenderAndCidFromAnywhereGivesTheEarlierMessageAndStoresAndDeliversNothing() {
        SyncEngine e = engine();
        List<Stored> fed = new CopyOnWriteArrayList<>();
        e.engine().open("r", fed::add);
        Appended first = e.append("r", "ann", "node-1/seat-1", "hello", "c-1");
        Appended again = e.append("r", "ann", "node-2/seat-9", "hello", "c-1");
        assertTrue(again.earlier());
        assertEquals(first.stored().message().id(), again.stored().message().id());
        assertEquals("hello", again.stored().message().text());
        Appended other = e.append("r", "bob", "node-1/seat-2", "hello", "c-1");
        assertTrue(!other.earlier(), "the same cid from someone else is a new message");
        assertEquals(2, e.latest("r", 10).size());
        awaitSize(fed, 2);
        assertEquals(List.of(first.stored().message().id(), other.stored().message().id()),
                fed.stream().map(s -> s.message().id()).toList(), "the re-send was not delivered");
        assertEquals("node-1/seat-1", fed.get(0).origin(), "the origin travels with the message");
        assertEquals("c-1", fed.get(0).cid());
    }

    @Test
    void theSendersUserIdIsStoredDeliveredAndReadBackEverywhereAndAnAnonymousSenderHasNone() {
        SyncEngine e = engine();
        List<Stored> fed = new CopyOnWriteArrayList<>();
        e.engine().open("r", fed::add);
        ChatMessage first = e.append("r", "ann", "u-17", "seat-1", "first", null).stored().message();
        ChatMessage anonymous = e.append("r", "bob", null, "seat-2", "second", null).stored().message();
        ChatMessage third = e.append("r", "Ann", "u-17", "seat-3", "third", "c-3").stored().message();
        assertEquals("u-17", first.fromId(), "the append's answer");
        assertNull(anonymous.fromId());
        awaitSize(fed, 3);
        assertEquals(Arrays.asList("u-17", null, "u-17"), fed.stream().map(s -> s.message().fromId()).toList(), "the feed");
        List<String> expected = Arrays.asList("u-17", null, "u-17");
        assertEquals(expected, fromIds(e.latest("r", 10)), "latest");
        assertEquals(expected.subList(1, 3), fromIds(e.after("r", first.id()).orElseThrow()), "after");
        assertEquals(expected.subList(0, 2), fromIds(e.before("r", third.id(), 10)), "before");
        assertEquals("u-17", e.append("r", "Ann", "u-17", "seat-4", "third", "c-3").stored().message().fromId(),
                "a re-send's answer, the earlier message");
        for (ChatMessage m : e.latest("r", 10)) {
            Map<String, Object> frame = JsonFrames.parse(m.frame().json());
            assertEquals(m.fromId(), frame.get("fromId"), "the frame every reader gets: " + m.frame().json());
            assertEquals(m.fromId() != null, frame.containsKey("fromId"), "no fromId at all for an anonymous sender");
        }
    }

    @Test
    void aResendIsKnownByTheSendersUserIdWhateverConnectionOrNickItComesWith() {
        SyncEngine e = engine();
        List<Stored> fed = new CopyOnWriteArrayList<>();
        e.engine().open("r", fed::add);
        Appended first = e.append("r", "ann", "u-1", "node-1/seat-1", "hello", "c-1");
        Appended again = e.append("r", "ann-2", "u-1", "node-2/seat-7", "hello", "c-1");
        assertTrue(again.earlier(), "the same user through another connection (another tab, another node)");
        assertEquals(first.stored().message().id(), again.stored().message().id());
        assertEquals("ann", again.stored().message().from(), "the message as it was stored");
        Appended marker = e.append("r", "ann", "u-1", "node-1/seat-1", "marker", null);
        awaitSize(fed, 2);
        assertEquals(List.of(first.stored().message().id(), marker.stored().message().id()),
                fed.stream().map(s -> s.message().id()).toList(), "the re-send was neither stored nor delivered");
    }

    @Test
    void twoUsersWithTheSameCidAreBothStoredAlsoUnderOneNickOrWhenAUserIdIsSomeonesNick() {
        SyncEngine e = engine();
        Appended one = e.append("r", "ann", "u-1", "seat-1", "from user 1", "c-1");
        Appended two = e.append("r", "ann", "u-2", "seat-2", "from user 2", "c-1");
        assertFalse(two.earlier(), "another user's cid, under the same nick: a new message");
        Appended user = e.append("r", "ann", "ann", "seat-3", "from the user whose id is ann", "c-9");
        Appended nick = e.append("r", "ann", null, "seat-4", "from the anonymous ann", "c-9");
        assertFalse(nick.earlier(), "a user id and an anonymous nick never share a cid");
        Appended nickAgain = e.append("r", "ann", null, "seat-5", "from the anonymous ann", "c-9");
        assertTrue(nickAgain.earlier(), "the anonymous nick's own re-send is still known");
        assertEquals(nick.stored().message().id(), nickAgain.stored().message().id());
        Appended userAgain = e.append("r", "ann", "ann", "seat-6", "from the user whose id is ann", "c-9");
        assertEquals(user.stored().message().id(), userAgain.stored().message().id(), "and the user's");
        assertEquals(ids(List.of(one.stored().message(), two.stored().message(), user.stored().message(),
                nick.stored().message())), ids(e.latest("r", 10)));
    }

    @Test
    void retentionDropsTheOldestAndTheirIdsBecomeUnknown() {
        SyncEngine e = new SyncEngine(newEngine(3, Long.MAX_VALUE / 4, clock::get));
        List<ChatMessage> all = appendAll(e, "r", 5);
        assertEquals(ids(all.subList(2, 5)), ids(e.latest("r", 10)), "the newest three");
        assertEquals(Optional.of(ids(all.subList(3, 5))), e.after("r", all.get(2).id()).map(EngineContract::ids),
                "the oldest kept is still known");
        assertEquals(Optional.empty(), e.after("r", all.get(1).id()), "dropped: a resume from it would have a gap");
        assertEquals(List.of(), e.before("r", all.get(1).id(), 10));
        assertEquals(ids(List.of(all.get(2))), ids(e.before("r", all.get(3).id(), 10)));
        appendAll(e, "other", 5);
        assertEquals(ids(all.subList(2, 5)), ids(e.latest("r", 10)), "each room keeps its own three");
    }

    @Test
    void aMessageThatCannotBeEncodedIsRefusedAndNotKept() {
        SyncEngine e = engine();
        ChatMessage before = e.append("r", "ann", "before");
        assertThrows(UnencodableFrameException.class, () -> e.append("r", "ann", "a\uD800b"));
        assertThrows(UnencodableFrameException.class, () -> e.append("r", "\uDC00", "hi"));
        assertThrows(UnencodableFrameException.class, () -> e.append("r", "ann", "u-\uD800", "o", "hi", null), "a user id");
        ChatMessage after = e.append("r", "ann", "after");

        List<ChatMessage> kept = e.latest("r", 10);
        assertEquals(ids(List.of(before, after)), ids(kept), "only the messages that could be encoded are kept");
        assertEquals(Optional.of(ids(List.of(after))), e.after("r", before.id()).map(EngineContract::ids));
        // What a welcome is built from can always be written.
        OutboundFrame welcome = Frames.welcome("r", "bob", List.of("bob"), 1, kept, false, "secret");
        assertTrue(Unicode.isWellFormed(welcome.json()));
    }

    @Test
    void roomsWrittenAtTheSameTimeGetDistinctIdsAndKeepTheirOrder() throws Exception {
        SyncEngine e = engine();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ChatMessage>>> rooms = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                String room = "room" + r;
                rooms.add(pool.submit(() -> appendAll(e, room, 200))); // one thread per room, as the hub calls
            }
            Set<String> ids = new HashSet<>();
            for (int r = 0; r < 4; r++) {
                List<ChatMessage> appended = rooms.get(r).get();
                assertEquals(ids(appended), ids(e.latest("room" + r, 200)));
                appended.forEach(m -> ids.add(m.id()));
            }
            assertEquals(800, ids.size(), "ids never repeat");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (at most 5 s) until {@code fed} holds {@code n} deliveries. */
    protected static void awaitSize(List<Stored> fed, int n) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fed.size() < n && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertEquals(n, fed.size(), "delivered within 5 s");
    }

    /** Appends {@code n} messages "0", "1"... to {@code room}; returns them in order. */
    private static List<ChatMessage> appendAll(SyncEngine e, String room, int n) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(e.append(room, "ann", Integer.toString(i)));
        }
        return out;
    }

    private static List<String> fromIds(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::fromId).toList();
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::text).toList();
    }

    /** Messages are compared by id: an engine may hand out equal messages that are not the same objects. */
    protected static List<String> ids(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::id).toList();
    }
}
