package hubchat.redis;

import io.lettuce.core.ScriptOutputType;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Rooms' messages in Redis: each room has a dense sequence, a stream capped at the history size
 * and a channel, and every append assigns the sequence, stores, remembers the cid and publishes
 * in one Lua script, so all nodes see one order and nothing half-done.
 *
 * <p>Keys: all of a room's keys share the hash tag {@code {room:NAME}} (Redis Cluster hashes
 * only that part), so a room lives on one shard and its script may touch all its keys.
 *
 * <p>Ids never repeat: an id is made of the room's epoch, a random value, and the sequence. The
 * epoch is renewed when the room has none and whenever Redis restarted since it began (the
 * server's run_id changed), because only a restart can lose writes (an empty start, or an older
 * snapshot or append-only file) and so give out a sequence again. Each entry keeps the epoch it
 * was stored in: a {@code since} id matches the stored entry of that sequence only if the epochs
 * are equal too, so an id from before a loss never matches a newer message.
 *
 * <p>Every method is asynchronous: its stage completes on Lettuce's threads, and fails when
 * Redis does not answer within the connection's timeout (see {@link RedisConnections}).
 */
public final class RoomStream {

    private static final LuaScript APPEND = LuaScript.load("append.lua");
    private static final LuaScript READ = LuaScript.load("read.lua");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisConnections redis;
    private final int historySize;
    private final int cidMemory;

    /**
     * Streams on {@code redis}, each room keeping its last {@code historySize} messages and
     * remembering the last {@code cidMemory} cids it stored (a re-send older than that is stored
     * again).
     */
    public RoomStream(RedisConnections redis, int historySize, int cidMemory) {
        if (historySize < 1 || cidMemory < 1) {
            throw new IllegalArgumentException("history size and cid memory must be at least 1");
        }
        this.redis = redis;
        this.historySize = historySize;
        this.cidMemory = cidMemory;
    }

    /** The channel that carries each entry of {@code room} as it is appended: {@link StreamEntry#fromPublished} reads it. */
    public static String channel(String room) {
        return tag(room) + ":live";
    }

    /**
     * Appends a message with these fields (JSON) from {@code senderKey}. If {@code cid} is not
     * null and that sender's message with that cid is still remembered in this room, nothing is
     * stored or published and the earlier entry comes back, marked as a duplicate.
     */
    public CompletionStage<Appended> append(String room, String senderKey, String cid, String fieldsJson) {
        String cidKey = cid == null ? "" : senderKey.length() + ":" + senderKey + cid; // length first: unambiguous
        String[] keys = {meta(room), log(room), tag(room) + ":cids", tag(room) + ":cid-order"};
        return APPEND.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI, keys,
                newEpoch(), String.valueOf(historySize), String.valueOf(cidMemory), cidKey, fieldsJson, channel(room))
                .thenApply(reply -> {
                    String[] entry = ((String) reply.get(1)).split(" ");
                    return new Appended(entry[0], Long.parseLong(entry[1]), Long.parseLong(entry[2]),
                            (Long) reply.get(0) == 1L);
                });
    }

    /** Up to {@code limit} entries after {@code afterSeq}, oldest first (the oldest retained if {@code afterSeq} is older). */
    public CompletionStage<StreamPage> range(String room, long afterSeq, int limit) {
        return read(room, "after", Math.max(0, afterSeq), limit, false);
    }

    /** The last {@code limit} entries, oldest first. */
    public CompletionStage<StreamPage> latest(String room, int limit) {
        return read(room, "latest", 0, limit, true);
    }

    /** Up to {@code limit} entries just before {@code seq}, oldest first. */
    public CompletionStage<StreamPage> before(String room, long seq, int limit) {
        return read(room, "before", Math.max(0, seq), limit, true);
    }

    private CompletionStage<StreamPage> read(String room, String mode, long seq, int limit, boolean newestFirst) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return READ.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI, new String[] {meta(room), log(room)},
                mode, String.valueOf(seq), String.valueOf(limit))
                .thenApply(reply -> {
                    List<StreamEntry> entries = new ArrayList<>();
                    for (Object raw : (List<?>) reply.get(2)) {
                        entries.add(entry((List<?>) raw));
                    }
                    if (newestFirst) {
                        Collections.reverse(entries);
                    }
                    return new StreamPage((String) reply.get(0), Long.parseLong((String) reply.get(1)), entries);
                });
    }

    /** A stream entry as XRANGE gives it: {@code [id "0-SEQ", [e, EPOCH, t, TS, f, FIELDS]]}. */
    private static StreamEntry entry(List<?> raw) {
        String id = (String) raw.get(0);
        List<?> pairs = (List<?>) raw.get(1);
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            fields.put((String) pairs.get(i), (String) pairs.get(i + 1));
        }
        return new StreamEntry(fields.get("e"), Long.parseLong(id.substring(id.indexOf('-') + 1)),
                Long.parseLong(fields.get("t")), fields.get("f"));
    }

    private static String tag(String room) {
        return "{room:" + room + "}";
    }

    private static String meta(String room) {
        return tag(room) + ":meta";
    }

    private static String log(String room) {
        return tag(room) + ":log";
    }

    /** 64 random bits, short: base 36. A new epoch is drawn on every call, used only if Redis needs one. */
    private static String newEpoch() {
        return Long.toUnsignedString(RANDOM.nextLong(), 36);
    }
}
