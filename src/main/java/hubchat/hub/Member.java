package hubchat.hub;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client in one room: its {@link Connection}, the nick it goes by, and the bookkeeping the
 * hub needs for liveness and flood control. The endpoint holds it as its handle on the hub.
 *
 * <p>{@code nick} is read and written only on the room's thread; the other fields are safe
 * from any thread.
 */
public final class Member {
    private final Connection connection;
    private final String roomName;
    private final String requestedNick;
    private final String since;
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private volatile long lastHeard;
    private volatile Room room;
    private String nick;

    Member(Connection connection, String roomName, String requestedNick, String since, long now) {
        this.connection = connection;
        this.roomName = roomName;
        this.requestedNick = requestedNick;
        this.since = since;
        this.lastHeard = now;
    }

    public Connection connection() {
        return connection;
    }

    public String roomName() {
        return roomName;
    }

    /** The room that has (or is about to take) this member; null if it was refused. */
    Room room() {
        return room;
    }

    void room(Room room) {
        this.room = room;
    }

    String requestedNick() {
        return requestedNick;
    }

    String since() {
        return since;
    }

    /** The nick in use, null until the room has taken the join. Room thread only. */
    String nick() {
        return nick;
    }

    void nick(String nick) {
        this.nick = nick;
    }

    AtomicInteger pendingFrames() {
        return pendingFrames;
    }

    long lastHeard() {
        return lastHeard;
    }

    void heard(long now) {
        lastHeard = now;
    }
}
