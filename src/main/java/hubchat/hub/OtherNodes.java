package hubchat.hub;

import hubchat.roster.Roster;
import java.util.Collection;
import java.util.List;

/** What the roster says other nodes did in a room, turned into events of the room ({@link Attendance}). */
final class OtherNodes implements Roster.Listener {
    private final Room room;
    private final Attendance attendance;

    OtherNodes(Room room, Attendance attendance) {
        this.room = room;
        this.attendance = attendance;
    }

    @Override
    public void others(Collection<String> nicks) {
        List<String> copy = List.copyOf(nicks);
        room.submit(() -> attendance.others(copy));
    }

    @Override
    public void joined(String nick) {
        room.submit(() -> attendance.otherJoined(nick));
    }

    @Override
    public void left(String nick) {
        room.submit(() -> attendance.otherLeft(nick));
    }

    @Override
    public void taken(String seatKey) {
        room.submit(() -> room.seatTaken(seatKey));
    }

    @Override
    public void renamed(String from, String to) {
        room.submit(() -> room.otherRenamed(from, to));
    }
}
