package hubchat.redis;

import hubchat.protocol.Names;
import hubchat.roster.SeatKeys;
import hubchat.roster.Roster;
import hubchat.roster.Roster.SeatState;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Rooms' rosters in Redis: who sits in each room on which node, one holder per nick (a seat, or
 * the user whose seats on several nodes share it: see {@link hubchat.roster.SeatKeys}), changed only
 * by {@code roster.lua} (which publishes every visible change with the room's roster version on
 * {@link #channel}) and read with its version by {@code roster-read.lua}. Node liveness keys
 * live beside them. Every method is asynchronous, like {@link RoomStream}'s.
 *
 * <p>Keys: a room's share the hash tag {@code {room:NAME}} with its stream; a node's liveness key
 * has its own, {@code {node:ID}}, so that every command touches one hash slot (Redis Cluster).
 */
final class RosterStore {
    private static final LuaScript CHANGE = LuaScript.load("roster.lua");
    private static final LuaScript READ = LuaScript.load("roster-read.lua");
    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat.lua");

    /** A room's roster as read: Redis' run_id then, the version of its last change, its seats. */
    record Snapshot(String run, long version, List<Seat> seats) {
    }

    /** One seat of a room, on whichever node. */
    record Seat(String node, boolean present, String nick) {
    }

    /** What a heartbeat found: Redis' run_id, and whether the node's key was still there. */
    record Beat(String run, boolean existed) {
    }

    private final RedisConnections redis;
    private final String node;

    RosterStore(RedisConnections redis, String node) {
        this.redis = redis;
        this.node = node;
    }

    static String channel(String room) {
        return "{room:" + room + "}:roster";
    }

    /** The first free of {@code candidates} for a new seat, or for a seat that has a nick (renamed); empty if none is free. */
    CompletionStage<Optional<String>> claim(String room, String seat, List<String> candidates, boolean rename) {
        List<String> args = new ArrayList<>(List.of(seat));
        for (String nick : candidates) {
            args.add(nick);
            args.add(Names.nickKey(nick));
        }
        return this.<String>change(room, ScriptOutputType.VALUE, rename ? "rename" : "claim", args)
                .thenApply(Optional::ofNullable);
    }

    CompletionStage<Long> present(String room, String seat, boolean present) {
        return change(room, ScriptOutputType.INTEGER, "state", List.of(seat, present ? "p" : "h"));
    }

    CompletionStage<Long> release(String room, String seat) {
        return change(room, ScriptOutputType.INTEGER, "release", List.of(seat));
    }

    /** Makes this node's seats in {@code room} exactly {@code seats}; completes with how many nicks were taken meanwhile by others. */
    CompletionStage<Long> sync(String room, Collection<SeatState> seats) {
        List<String> args = new ArrayList<>();
        for (SeatState s : seats) {
            args.add(s.key());
            args.add(s.nick());
            args.add(Names.nickKey(s.nick()));
            args.add(s.present() ? "p" : "h");
        }
        return change(room, ScriptOutputType.INTEGER, "sync", args);
    }

    /** The seat's resume secret is now {@code secret}; Redis keeps only its digest ({@link SeatKeys#secretDigest}). */
    CompletionStage<Long> secret(String room, String seat, String secret) {
        return change(room, ScriptOutputType.INTEGER, "secret", List.of(seat, SeatKeys.secretDigest(secret)));
    }

    /** Moves the seat of another node that {@code secret} opens to this node as {@code seat}; empty if it opens none. */
    CompletionStage<Optional<Roster.Resumed>> resume(String room, String seat, String secret) {
        return this.<List<Object>>change(room, ScriptOutputType.MULTI, "resume", List.of(seat, SeatKeys.secretDigest(secret)))
                .thenApply(reply -> reply.isEmpty() ? Optional.empty()
                        : Optional.of(new Roster.Resumed((String) reply.get(0), "p".equals(reply.get(1)))));
    }

    /** Removes every seat of {@code deadNodes} from {@code room}; completes with how many. */
    CompletionStage<Long> evict(String room, Collection<String> deadNodes) {
        return change(room, ScriptOutputType.INTEGER, "evict", List.copyOf(deadNodes));
    }

    CompletionStage<Snapshot> read(String room) {
        return RedisConnections.failFast(() -> READ.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI,
                        new String[] {seats(room), meta(room)}))
                .thenApply(reply -> {
                    List<Seat> seats = new ArrayList<>();
                    for (Object raw : (List<?>) reply.get(2)) {
                        String[] f = ((String) raw).split("\t", 4);
                        seats.add(new Seat(f[0], "p".equals(f[1]), f[2]));
                    }
                    return new Snapshot((String) reply.get(0), Long.parseLong((String) reply.get(1)), seats);
                });
    }

    /** This node is alive for {@code ttlMillis} more. */
    CompletionStage<Beat> heartbeat(long ttlMillis) {
        return RedisConnections.failFast(() -> HEARTBEAT.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI,
                        new String[] {nodeKey(node)}, String.valueOf(ttlMillis)))
                .thenApply(reply -> new Beat((String) reply.get(0), (Long) reply.get(1) == 1L));
    }

    /** Whether node {@code id} has said it is alive lately. */
    CompletionStage<Boolean> isAlive(String id) {
        return RedisConnections.failFast(() -> redis.commands().exists(nodeKey(id))).thenApply(n -> n == 1L);
    }

    private <T> CompletionStage<T> change(String room, ScriptOutputType type, String op, List<String> args) {
        String[] argv = new String[3 + args.size()];
        argv[0] = channel(room);
        argv[1] = node;
        argv[2] = op;
        for (int i = 0; i < args.size(); i++) {
            argv[3 + i] = args.get(i);
        }
        return RedisConnections.failFast(
                () -> CHANGE.run(redis.commands(), type, new String[] {seats(room), nicks(room), meta(room), users(room), secrets(room)}, argv));
    }

    private static String seats(String room) {
        return "{room:" + room + "}:seats";
    }

    private static String nicks(String room) {
        return "{room:" + room + "}:nicks";
    }

    private static String users(String room) {
        return "{room:" + room + "}:users";
    }

    private static String secrets(String room) {
        return "{room:" + room + "}:secrets";
    }

    private static String meta(String room) {
        return "{room:" + room + "}:roster-meta";
    }

    private static String nodeKey(String id) {
        return "{node:" + id + "}:alive";
    }
}
