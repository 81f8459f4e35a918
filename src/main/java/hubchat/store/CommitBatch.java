package hubchat.store;

import hubchat.engine.Appended;
import hubchat.engine.CidKey;
import hubchat.engine.Engine;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.Stored;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One transaction of the store's thread: the rooms it loads, the seqs it gives and the rows it
 * inserts, kept aside until the commit (nothing a reader sees changes before), then delivered and
 * answered in the order asked; or, if the commit fails, all of it failed and forgotten.
 */
final class CommitBatch {
    private final Map<String, RoomCache> rooms;
    private final StoreOptions options;
    private final long now;
    private final Map<String, RoomCache> loaded = new HashMap<>();
    private final Map<String, List<MessageRow>> rows = new LinkedHashMap<>();
    private final Map<String, MessageRow> cids = new HashMap<>();
    private final List<Runnable> answers = new ArrayList<>();
    private final List<CompletableFuture<?>> waiting = new ArrayList<>();

    /** The last message number given: the committed one, then this batch's. */
    private long num;

    CommitBatch(Map<String, RoomCache> rooms, StoreOptions options, long now, long lastNum) {
        this.rooms = rooms;
        this.options = options;
        this.now = now;
        this.num = lastNum;
    }

    /** The last message number this batch gave: the database's once it is committed. */
    long lastNum() {
        return num;
    }

    /** The rooms this batch stores messages in: where a failed commit may have stored them all the same. */
    Set<String> appendedRooms() {
        return rows.keySet();
    }

    /**
     * Takes into the caches of {@code unsure} rooms what a commit that seemed to fail stored all
     * the same (its answer lost with the connection): the rows past what a cache holds, taken
     * and delivered as any commit's, so that its seqs, cids and feed go on from what the
     * database has rather than giving a stored seq again.
     */
    void catchUp(Connection c, Set<String> unsure) throws SQLException {
        for (String room : unsure) {
            RoomCache cache = rooms.get(room);
            long last = cache == null ? 0 : MessageTable.lastSeq(c, room).orElse(0);
            if (cache != null && last > cache.seq()) {
                for (MessageRow r : MessageTable.after(c, room, cache.seq(), (int) (last - cache.seq()))) {
                    cache.committed(r, now);
                }
            }
        }
    }

    void open(Connection c, StoreRequest.Open o) throws SQLException {
        RoomCache cache = cache(c, o.room());
        waiting.add(o.done());
        answers.add(() -> {
            cache.feed(o.feed(), now);
            o.done().complete(cache);
        });
    }

    void load(Connection c, StoreRequest.Load l) throws SQLException {
        RoomCache cache = cache(c, l.room());
        waiting.add(l.done());
        answers.add(() -> l.done().complete(cache));
    }

    void append(Connection c, StoreRequest.Append a) throws SQLException {
        RoomCache cache = cache(c, a.room());
        String cidKey = CidKey.of(a.sender(), a.senderId(), a.cid());
        String key = a.room() + '\n' + cidKey; // a room name has no control characters
        MessageRow earlier = cidKey == null ? null : cids.getOrDefault(key, cache.findCid(cidKey));
        waiting.add(a.done());
        if (earlier != null) {
            answers.add(() -> a.done().complete(new Appended(earlier.stored(options.epoch()), true)));
            return;
        }
        List<MessageRow> room = rows.computeIfAbsent(a.room(), r -> new ArrayList<>());
        long seq = (room.isEmpty() ? cache.seq() : room.get(room.size() - 1).seq()) + 1;
        MessageRow row = new MessageRow(a.room(), seq, ++num, options.epoch(), now, a.sender(), a.senderId(), a.origin(),
                a.cid(), a.text());
        room.add(row);
        if (cidKey != null) {
            cids.put(key, row);
        }
        answers.add(() -> {
            Stored stored = cache.committed(row, now); // delivered in the order asked, also relative to opens
            a.done().complete(new Appended(stored, false));
        });
    }

    void write(Connection c) throws SQLException {
        List<MessageRow> all = new ArrayList<>();
        rows.values().forEach(all::addAll);
        if (!all.isEmpty()) {
            MessageTable.insert(c, all);
            MessageTable.saveLastNum(c, num);
        }
        for (Map.Entry<String, List<MessageRow>> e : rows.entrySet()) {
            List<MessageRow> room = e.getValue();
            long last = room.get(room.size() - 1).seq();
            MessageTable.saveLastSeq(c, e.getKey(), last, cache(c, e.getKey()).hasRow());
            // the count bound holds at every commit; the age bound in the background
            Retention.MESSAGES.keepNewest(c, e.getKey(), last, options.retainMessages());
        }
    }

    /** After the commit: the rooms loaded take their place; then each request, in order, is delivered and answered. */
    void committed() {
        rooms.putAll(loaded);
        answers.forEach(Runnable::run);
    }

    void failed(EngineUnavailableException e) {
        waiting.forEach(f -> f.completeExceptionally(e));
    }

    private RoomCache cache(Connection c, String room) throws SQLException {
        RoomCache cache = rooms.get(room);
        if (cache == null) {
            cache = loaded.get(room);
        }
        if (cache == null) {
            cache = load(c, room);
            loaded.put(room, cache);
        }
        return cache;
    }

    private RoomCache load(Connection c, String room) throws SQLException {
        RoomCache cache = new RoomCache(room, options.epoch(), options.cacheMessages(), options.cacheBytes());
        OptionalLong last = MessageTable.lastSeq(c, room);
        int wanted = Math.max(options.cacheMessages(), Engine.REMEMBERED_CIDS);
        List<MessageRow> newest = last.isEmpty() ? List.of() : MessageTable.before(c, room, Long.MAX_VALUE, wanted + 1);
        boolean all = newest.size() <= wanted;
        cache.load(last.orElse(0), last.isPresent(), all ? newest : newest.subList(1, newest.size()), all);
        return cache;
    }
}
