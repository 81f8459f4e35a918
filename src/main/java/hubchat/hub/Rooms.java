package hubchat.hub;

import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.protocol.Disconnect;
import hubchat.roster.Roster;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every room by name: made on the first join, up to the room limit, and forgotten once it has
 * been empty for the idle time. It gives each room all the hub it may use ({@link RoomHost}).
 */
final class Rooms implements RoomHost {
    private final ConcurrentHashMap<String, Room> byName = new ConcurrentHashMap<>();
    private final Settings settings;
    private final Engine engine;
    private final Roster roster;
    private final HubExecutors executors;
    private final FanOut fanOut;
    private final Timekeeper time;
    private final Members members;

    Rooms(Settings settings, Engine engine, Roster roster, HubExecutors executors, Timekeeper time, Members members) {
        this.settings = settings;
        this.engine = engine;
        this.roster = roster;
        this.executors = executors;
        this.fanOut = new FanOut(executors);
        this.time = time;
        this.members = members;
    }

    /** Puts {@code m} in its room, creating the room unless that would pass the room limit. */
    void enter(Member m) {
        Room room = byName.get(m.roomName());
        if (room == null) {
            if (byName.size() >= settings.maxRooms()) {
                members.remove(m);
                m.connection().close(Disconnect.ROOM_LIMIT);
                return;
            }
            room = byName.computeIfAbsent(m.roomName(), name -> new Room(name, this, engine, roster, settings));
        }
        m.room(room);
        Room target = room;
        target.submit(() -> target.join(m));
    }

    /** Asks every room to release ended seat holds and to expire if it has been idle. */
    void expireIdle() {
        for (Room room : byName.values()) {
            room.submit(room::expireIfIdle);
        }
    }

    int count() {
        return byName.size();
    }

    @Override
    public void runTurn(Runnable turn) {
        executors.runRoom(turn);
    }

    @Override
    public void write(List<Connection> connections, Runnable done) {
        fanOut.write(connections, done);
    }

    @Override
    public Timekeeper time() {
        return time;
    }

    @Override
    public void reenter(Member m) {
        enter(m);
    }

    @Override
    public void forget(Room room) {
        byName.remove(room.name(), room);
    }

    @Override
    public void retire(Member m) {
        members.remove(m);
    }
}
