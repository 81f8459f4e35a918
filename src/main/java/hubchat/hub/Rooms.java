package hubchat.hub;

import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.logging.ConnectionLog;
import hubchat.metrics.ChatMetrics;
import hubchat.protocol.Disconnect;
import hubchat.roster.Roster;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every room by name: made on the first join, up to the room limit and within the allowance of
 * new rooms of the joining client's address, and forgotten once it is empty with no history, or
 * has been empty for the idle time (see {@link RoomExpiry}). It gives each room all the hub it
 * may use ({@link RoomHost}).
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
    private final NewRoomAllowance newRooms;
    private final ChatMetrics metrics;

    Rooms(Settings settings, Engine engine, Roster roster, HubExecutors executors, Timekeeper time, Members members,
            ChatMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.engine = engine;
        this.roster = roster;
        this.executors = executors;
        this.fanOut = new FanOut(executors);
        this.time = time;
        this.members = members;
        this.newRooms = new NewRoomAllowance(settings.newRoomsPerMinute(), settings.newRoomsBurst());
    }

    /**
     * Puts {@code m} in its room, creating the room unless that would pass the room limit or the
     * allowance of new rooms of {@code m}'s client address (taken only by the join that makes it).
     */
    void enter(Member m) {
        Room room = byName.get(m.roomName());
        if (room == null) {
            if (byName.size() >= settings.maxRooms()) {
                refuse(m, Disconnect.ROOM_LIMIT);
                return;
            }
            room = byName.computeIfAbsent(m.roomName(), name -> newRooms.take(m.admitted().address(), time.now())
                    ? new Room(name, this, engine, roster, settings) : null);
            if (room == null) {
                refuse(m, Disconnect.TOO_MANY_NEW_ROOMS);
                return;
            }
        }
        m.room(room);
        Room target = room;
        target.submit(() -> target.join(m));
    }

    /** Closes first, so that the end is reported with this cause. */
    private void refuse(Member m, Disconnect cause) {
        m.connection().close(cause);
        members.remove(m);
    }

    /**
     * Asks every room to release ended seat holds and to expire if it has been idle, and forgets
     * the new-room allowances that have filled up again.
     */
    void expireIdle() {
        for (Room room : byName.values()) {
            room.submit(room::expireIfIdle);
        }
        newRooms.sweep(time.now());
    }

    /** The addresses whose new-room allowance is being tracked (not full). */
    int allowancesTracked() {
        return newRooms.tracked();
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

    @Override
    public ChatMetrics metrics() {
        return metrics;
    }

    @Override
    public void seated(Member m) {
        ConnectionLog.connected(m.roomName(), m.lastNick(), m.admitted().address(), m.admitted().origin());
    }
}
