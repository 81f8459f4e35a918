package hubchat.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Rooms' messages in Redis: each room has a dense sequence, a stream bounded by the history size
 * and bytes, and a channel, and every append assigns the sequence, stores, trims, remembers the
 * cid, renews the room's expiry and publishes in one Lua script, so all nodes see one order and
 * nothing half-done.
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
    /** The suffix of a room's channel. */
    private static final String LIVE = ":live";

    /** The longest expiry given to Redis (100 years): a longer idle time means never. */
    private static final long NEVER_MILLIS = 100L * 365 * 24 * 3600 * 1000;

    private final RedisConnections redis;
    private final int historySize;
    private final long historyBytes;
    /** The room's idle time as the scripts take it: milliseconds, or "0" for never. */
    private final String idle;
    private final int cidMemory;

    /**
     * Streams on {@code redis}, each room keeping its last {@code historySize} messages and
     * remembering the last {@code cidMemory} cids it stored (a re-send older than that is stored
     * again); no bound in bytes, no expiry.
     */
    public RoomStream(RedisConnections redis, int historySize, int cidMemory) {
        this(redis, historySize, Long.MAX_VALUE, Long.MAX_VALUE, cidMemory);
    }

    /**
     * Streams on {@code redis}, each room keeping at most {@code historySize} messages and
     * {@code historyBytes} bytes of their fields (the newest message always stays), its keys
     * gone once it has had no message for {@code idleMillis} and no node kept it alive (see
     * {@link #follow}), and remembering its last {@code cidMemory} cids.
     */
    public RoomStream(RedisConnections redis, int historySize, long historyBytes, long idleMillis, int cidMemory) {
        if (historySize < 1 || historyBytes < 1 || idleMillis < 1 || cidMemory < 1) {
            throw new IllegalArgumentException("history size, bytes, idle time and cid memory must be at least 1");
        }
        this.redis = redis;
        this.historySize = historySize;
        this.historyBytes = historyBytes;
        this.idle = idleMillis >= NEVER_MILLIS ? "0" : String.valueOf(idleMillis);
        this.cidMemory = cidMemory;
    }

    /** The channel that carries each entry of {@code room} as it is appended: {@link StreamEntry#fromPublished} reads it. */
    public static String channel(String room) {
        return tag(room) + LIVE;
    }

    /** Whether {@code channel} is some room's {@link #channel}. */
    static boolean isChannel(String channel) {
        return channel.startsWith("{room:") && channel.endsWith(LIVE);
    }

    /**
     * Appends a message with these fields (JSON), remembered in the room's cid memory under
     * {@code cidKey} ({@link hubchat.engine.CidKey}: sender and cid; null for a message without a
     * cid). If a message with that key is still remembered in this room, nothing is stored or
     * published and the earlier entry comes back, marked as a duplicate.
     */
    public CompletionStage<Appended> append(String room, String cidKey, String fieldsJson) {
        return append(room, cidKey, fieldsJson, Archiving.OFF).thenApply(Optional::orElseThrow);
    }

    /**
     * As {@link #append(String, String, String)}, the message also put in the room's
     * archive stream unless {@code archiving} is {@link Archiving#OFF}. Empty, with nothing
     * stored, if the room has no archive stream and {@code archiving} is {@link Archiving#ON}:
     * the room must be registered in the archive's registry first, then appended
     * {@link Archiving#REGISTERED} (see {@link ArchiveStreams}).
     */
    CompletionStage<Optional<Appended>> append(String room, String cidKey, String fieldsJson, Archiving archiving) {
        String[] keys = Arrays.copyOf(keys(room), 5);
        keys[4] = archiveStream(room);
        return APPEND.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI, keys,
                newEpoch(), String.valueOf(historySize), String.valueOf(historyBytes), String.valueOf(cidMemory),
                cidKey == null ? "" : cidKey, fieldsJson, channel(room), idle, archiving.word(), ArchiveStreams.GROUP)
                .thenApply(reply -> {
                    if ((Long) reply.get(0) == 2L) {
                        return Optional.empty();
                    }
                    String[] entry = ((String) reply.get(1)).split(" ");
                    boolean duplicate = (Long) reply.get(0) == 1L;
                    String fields = duplicate ? (String) reply.get(2) : fieldsJson;
                    return Optional.of(new Appended(entry[0], Long.parseLong(entry[1]), Long.parseLong(entry[2]), duplicate,
                            fields.isEmpty() ? null : fields));
                });
    }


    /** Up to {@code limit} entries after {@code afterSeq}, oldest first (the oldest retained if {@code afterSeq} is older). */
    public CompletionStage<StreamPage> range(String room, long afterSeq, int limit) {
        return read(room, "after", afterSeq, limit, "0").thenApply(Read::page);
    }

    /**
     * As {@link #range}, by a node that holds {@code room} open: the room's keys live another
     * idle time from now, however long it has had no message.
     */
    public CompletionStage<StreamPage> follow(String room, long afterSeq, int limit) {
        return read(room, "after", afterSeq, limit, idle).thenApply(Read::page);
    }

    /**
     * The room's last entry, if it has any. A plain command, not a script: it runs in the order
     * it was sent among every command of the node's connection, even while Redis is loading the
     * scripts again (after a restart, a script's first call is sent twice, and later commands may
     * overtake it).
     */
    public CompletionStage<Optional<StreamEntry>> last(String room) {
        return redis.commands().xrevrange(keys(room)[1], Range.create("-", "+"), Limit.from(1))
                .thenApply(found -> found.stream().findFirst().map(m -> {
                    String id = m.getId();
                    Map<String, String> body = m.getBody();
                    return new StreamEntry(body.get("e"), Long.parseLong(id.substring(id.indexOf('-') + 1)),
                            Long.parseLong(body.get("t")), body.get("f"));
                }));
    }

    /** The last {@code limit} entries, oldest first. */
    public CompletionStage<StreamPage> latest(String room, int limit) {
        return read(room, "latest", 0, limit, "0").thenApply(Read::page);
    }

    /** Up to {@code limit} entries just before {@code seq}, oldest first. */
    public CompletionStage<StreamPage> before(String room, long seq, int limit) {
        return read(room, "before", seq, limit, "0").thenApply(Read::page);
    }

    /**
     * Up to {@code limit} entries after the entry {@code seq} of {@code epoch}, oldest first;
     * empty if the stream does not hold that entry (never stored, trimmed, lost, or its seq
     * is another epoch's).
     */
    public CompletionStage<Optional<StreamPage>> after(String room, String epoch, long seq, int limit) {
        return read(room, "after", seq, limit, "0").thenApply(r -> r.at(epoch));
    }

    /**
     * Up to {@code limit} entries just before the entry {@code seq} of {@code epoch}, oldest
     * first; none (with the room's position) if the stream does not hold that entry.
     */
    public CompletionStage<StreamPage> before(String room, String epoch, long seq, int limit) {
        return read(room, "before", seq, limit, "0").thenApply(r -> r.at(epoch)
                .orElse(new StreamPage(r.page().epoch(), r.page().lastSeq(), List.of())));
    }

    /** A page and the epoch of the entry it was read from ({@code ""}: none). */
    private record Read(StreamPage page, String anchor) {
        Optional<StreamPage> at(String epoch) {
            return anchor.equals(epoch) && !epoch.isEmpty() ? Optional.of(page) : Optional.empty();
        }
    }

    private CompletionStage<Read> read(String room, String mode, long seq, int limit, String keepFor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        boolean newestFirst = !mode.equals("after");
        return READ.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI, keys(room),
                mode, String.valueOf(Math.max(0, seq)), String.valueOf(limit), keepFor)
                .thenApply(reply -> {
                    List<StreamEntry> entries = new ArrayList<>();
                    for (Object raw : (List<?>) reply.get(2)) {
                        entries.add(entry((List<?>) raw));
                    }
                    if (newestFirst) {
                        Collections.reverse(entries);
                    }
                    return new Read(new StreamPage((String) reply.get(0), Long.parseLong((String) reply.get(1)), entries),
                            (String) reply.get(3));
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

    /**
     * The room's archive stream, with a database archive: every message not yet in the database,
     * never trimmed and never expiring (see {@link ArchiveStreams}).
     */
    static String archiveStream(String room) {
        return tag(room) + ":archive";
    }

    private static String tag(String room) {
        return "{room:" + room + "}";
    }

    /** The room's meta hash, stream, cid hash and cid order list: every key it has. */
    private static String[] keys(String room) {
        String tag = tag(room);
        return new String[] {tag + ":meta", tag + ":log", tag + ":cids", tag + ":cid-order"};
    }

    /** 64 random bits, short: base 36. A new epoch is drawn on every call, used only if Redis needs one. */
    private static String newEpoch() {
        return Long.toUnsignedString(RANDOM.nextLong(), 36);
    }
}
