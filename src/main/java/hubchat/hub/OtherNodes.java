package hubchat.hub;

import hubchat.roster.Roster;
import java.util.Set;

/** What the roster says other nodes did in a room, turned into events of the room. */
final class OtherNodes implements Roster.Listener {
    private final Room room;
    private final Attendance attendance;

    OtherNodes(Room room, Attendance attendance) {
        this.room = room;
        this.attendance = attendance;
    }

    @Override
    public void others(Set<String> nicks) {
        room.submit(() -> attendance.others(nicks));
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
    public void renamed(String from, String to) {
        room.submit(() -> room.otherRenamed(from, to));
    }
}
