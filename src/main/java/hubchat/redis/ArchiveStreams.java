package hubchat.redis;

import hubchat.archive.ArchivedMessage;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The Redis side of a database archive: each room's archive stream ({@code {room:NAME}:archive},
 * every message not yet in the database, with the consumer group {@value #GROUP} of every node's
 * archiver) and the registry of rooms that may have one ({@value #REGISTRY}, a sorted set of room
 * names scored with when a node last registered them, Redis' clock), through which archivers
 * find the rooms no node has open any more. Every command touches one key, or one room's keys
 * (one hash slot): the registry is never touched by a room's script.
 *
 * <p>Why nothing waiting is ever unregistered: a room's stream is made only by an append that
 * registered the room just before ({@code append.lua} stores nothing and asks for a registration
 * otherwise). An archiver removes a room only by first deleting its stream while it is empty
 * ({@code archive-forget.lua}), then unregistering the room only if its score is older than the
 * grace time ({@code archive-unregister.lua}, which reads the score and removes it atomically).
 * An append that makes the stream again after that deletion registered first: its registration
 * either came after the removal, or made the score too new to be removed, unless the append ran
 * more than the grace time ({@link #GRACE_MILLIS}, 15 minutes, against a 2 s command timeout)
 * after its own registration. Registering first and appending second means a node dying in
 * between leaves only a harmless registration. A node registers a room again when its own last
 * registration is {@link #REREGISTER_MILLIS} old, so a room in use keeps a fresh score, and its
 * stream is not deleted and made again between its messages.
 */
final class ArchiveStreams {
    private static final Logger LOG = Logger.getLogger(ArchiveStreams.class.getName());
    /** The consumer group of every node's archiver on each archive stream. */
    static final String GROUP = "archivers";
    /** The registry of rooms that may have an archive stream (the only key not of one room). */
    static final String REGISTRY = "hubchat:archive:rooms";
    /** How long a node takes its own registration of a room as fresh before its next append registers it again. */
    static final long REREGISTER_MILLIS = 60_000;
    /** How long a room stays registered after its last registration, once nothing waits in its stream. */
    static final long GRACE_MILLIS = 15 * 60_000;
    /** Registrations a node remembers before it forgets that are no longer fresh. */
    private static final int REMEMBERED_REGISTRATIONS = 1_024;

    private static final LuaScript TAKE = LuaScript.load("archive-take.lua");
    private static final LuaScript DONE = LuaScript.load("archive-done.lua");
    private static final LuaScript FORGET = LuaScript.load("archive-forget.lua");
    private static final LuaScript REGISTER = LuaScript.load("archive-register.lua");
    private static final LuaScript UNREGISTER = LuaScript.load("archive-unregister.lua");

    private final RedisConnections redis;
    private final long graceMillis;
    /** When this node last had each room registered (System.nanoTime when the registration was sent). */
    private final Map<String, Long> registeredAt = new ConcurrentHashMap<>();

    /** The archive streams on {@code redis}, rooms unregistered {@code graceMillis} after their last registration. */
    ArchiveStreams(RedisConnections redis, long graceMillis) {
        this.redis = redis;
        this.graceMillis = graceMillis;
    }

    /**
     * Appends through {@code stream} with the message archived: registered first if this node's
     * registration of the room is not recent, or if the room turns out to have no archive stream.
     */
    CompletionStage<Appended> append(RoomStream stream, String room, String cidKey, String fieldsJson) {
        CompletionStage<Optional<Appended>> first = fresh(room)
                ? stream.append(room, cidKey, fieldsJson, Archiving.ON)
                : register(room).thenCompose(v -> stream.append(room, cidKey, fieldsJson, Archiving.REGISTERED));
        return first.thenCompose(appended -> appended.isPresent()
                ? CompletableFuture.completedFuture(appended.get())
                : register(room).thenCompose(v -> stream.append(room, cidKey, fieldsJson, Archiving.REGISTERED))
                        .thenApply(Optional::orElseThrow));
    }

    /** Registers {@code room} in the registry, scored with Redis' time. */
    CompletionStage<Void> register(String room) {
        long sent = System.nanoTime();
        return REGISTER.<Long>run(redis.commands(), ScriptOutputType.INTEGER, new String[] {REGISTRY}, room)
                .thenAccept(done -> {
                    if (registeredAt.size() >= REMEMBERED_REGISTRATIONS) {
                        registeredAt.keySet().removeIf(r -> !fresh(r));
                    }
                    registeredAt.put(room, sent);
                });
    }

    private boolean fresh(String room) {
        Long at = registeredAt.get(room);
        return at != null && System.nanoTime() - at < TimeUnit.MILLISECONDS.toNanos(REREGISTER_MILLIS);
    }

    /**
     * Up to {@code count} entries of {@code room}'s archive stream for {@code consumer} to
     * archive (see {@code archive-take.lua}): its own pending ones, else others' idle for
     * {@code claimIdleMillis}, else new ones.
     */
    CompletionStage<Batch> take(String room, String consumer, int count, long claimIdleMillis) {
        return TAKE.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI, new String[] {RoomStream.archiveStream(room)},
                GROUP, consumer, String.valueOf(count), String.valueOf(claimIdleMillis))
                .thenApply(reply -> batch(room, reply));
    }

    /** Acknowledges and deletes the entries {@code ids} of {@code room}'s archive stream: the database has them. */
    CompletionStage<Long> done(String room, List<String> ids) {
        String[] args = new String[ids.size() + 1];
        args[0] = GROUP;
        for (int i = 0; i < ids.size(); i++) {
            args[i + 1] = ids.get(i);
        }
        return DONE.run(redis.commands(), ScriptOutputType.INTEGER, new String[] {RoomStream.archiveStream(room)}, args);
    }

    /**
     * Forgets {@code room} if nothing of it waits: deletes its empty archive stream, then removes
     * it from the registry if no node registered it for the grace time. True if it was removed.
     */
    CompletionStage<Boolean> forget(String room) {
        return FORGET.<Long>run(redis.commands(), ScriptOutputType.INTEGER, new String[] {RoomStream.archiveStream(room)}, GROUP)
                .thenCompose(gone -> gone == 0L ? CompletableFuture.completedFuture(false)
                        : UNREGISTER.<Long>run(redis.commands(), ScriptOutputType.INTEGER, new String[] {REGISTRY},
                                room, String.valueOf(graceMillis)).thenApply(removed -> removed == 1L));
    }

    /** Part of the registry: the rooms at ranks {@code from} to {@code from + count - 1}, with when each was last registered. */
    CompletionStage<List<ScoredValue<String>>> registered(long from, int count) {
        return redis.commands().zrangeWithScores(REGISTRY, from, from + count - 1);
    }

    long graceMillis() {
        return graceMillis;
    }

    /** Redis' clock now, in epoch milliseconds. */
    CompletionStage<Long> now() {
        return redis.commands().time().thenApply(t -> Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000);
    }

    /** Entries taken: the messages to archive, and the ids of every entry taken (to acknowledge once they are stored). */
    record Batch(List<ArchivedMessage> messages, List<String> ids) {
    }

    /** An entry as XRANGE gives it: {@code [ID, [e, EPOCH, q, SEQ, t, TS, f, FIELDS]]}. */
    private static Batch batch(String room, List<Object> reply) {
        List<ArchivedMessage> messages = new ArrayList<>(reply.size());
        List<String> ids = new ArrayList<>(reply.size());
        for (Object raw : reply) {
            List<?> entry = (List<?>) raw;
            String id = (String) entry.get(0);
            ids.add(id);
            Map<String, String> f = new HashMap<>();
            List<?> pairs = (List<?>) entry.get(1);
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                f.put((String) pairs.get(i), (String) pairs.get(i + 1));
            }
            try {
                MessageFields fields = MessageFields.parse(f.get("f"));
                int dash = id.indexOf('-');
                messages.add(new ArchivedMessage(StreamEntry.id(f.get("e"), Long.parseLong(f.get("q"))),
                        Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)),
                        Long.parseLong(f.get("t")), fields.sender(), fields.senderId(), fields.origin(), fields.cid(),
                        fields.text()));
            } catch (RuntimeException unreadable) { // not written by this application: it would wait forever
                LOG.warning("Room " + room + ": archive entry " + id + " cannot be read (" + unreadable + "); left out of the archive");
            }
        }
        return new Batch(messages, ids);
    }
}
