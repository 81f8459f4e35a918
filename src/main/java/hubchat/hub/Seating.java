package hubchat.hub;

import hubchat.identity.Identity;
import hubchat.protocol.Disconnect;
import hubchat.protocol.Names;
import hubchat.roster.Roster;
import java.util.Optional;

/**
 * How members take and give up their seats in one room ({@link Seats}), and what that tells the
 * room and the roster. A join takes: with an identity, the user's own seat, so that a second tab
 * is the same member (announced once, listed once) and a return within the hold is the same
 * nick, with the display name the identity gives; without one, the seat a resume secret opens,
 * or a new one under the nick the roster grants. A leave gives the seat up or holds it, once its
 * last connection is gone. Room thread only.
 */
final class Seating {
    /** What the room does once a member has its seat: send its welcome ({@code badNick}: say its nick was refused). */
    interface Seated {
        void seated(Member m, boolean badNick);
    }

    private final String room;
    private final RoomHost host;
    private final Roster roster;
    private final Seats seats;
    private final Attendance attendance;
    private final Claims claims;
    private final Delivered delivered;
    private final Seated seated;

    Seating(String room, RoomHost host, Roster roster, Seats seats, Attendance attendance, Claims claims,
            Delivered delivered, Seated seated) {
        this.room = room;
        this.host = host;
        this.roster = roster;
        this.seats = seats;
        this.attendance = attendance;
        this.claims = claims;
        this.delivered = delivered;
        this.seated = seated;
    }

    /** Seats {@code m} (now, or when the roster grants its nick). */
    void join(Member m) {
        Identity identity = m.identity();
        if (identity != null) {
            joinAs(identity, m);
            return;
        }
        Seat own = seats.find(m.resume());
        if (own != null) {
            takeOver(own, m);
            seated.seated(m, false);
            return;
        }
        Optional<String> wanted = Names.cleanNick(m.requestedNick());
        boolean badNick = m.requestedNick() != null && wanted.isEmpty();
        claims.claim(m, m.resume(), wanted.orElseGet(Names::guestName), (key, nick, elsewhere) -> {
            seats.sit(m, key, nick);
            attendance.joined(m);
            if (elsewhere != null && elsewhere.wasPresent()) {
                attendance.otherLeft(nick); // its old node's seat is this one now: never shown as gone
            }
            seated.seated(m, badNick && elsewhere == null);
        });
    }

    /**
     * A user with an identity: into its seat if it has one here (even while another of its
     * joins waits for the roster: whichever is granted first makes the seat, the other sits in
     * it and gives its own claim back); else a new one under the identity's name. Resume secrets
     * play no part: the user id finds the seat.
     */
    private void joinAs(Identity identity, Member m) {
        Seat own = seats.ofUser(identity.userId());
        if (own != null) {
            sitWith(own, m);
            return;
        }
        claims.claim(m, null, identity.nick().orElseGet(Names::guestName), (key, nick, elsewhere) -> {
            Seat meanwhile = seats.ofUser(identity.userId());
            if (meanwhile != null) {
                roster.release(room, key);
                sitWith(meanwhile, m);
                return;
            }
            seats.sit(m, key, nick);
            attendance.joined(m);
            seated.seated(m, false);
        });
    }

    /** Another connection of the seat's user: a join only if the seat was held (all its connections had gone). */
    private void sitWith(Seat seat, Member m) {
        if (seats.join(seat, m)) {
            attendance.joined(m);
            roster.present(room, seat.key(), true);
        } else {
            attendance.joinedAgain(m);
        }
        seated.seated(m, false);
    }

    /**
     * A resume: {@code m} takes its seat back. From its own older connection, still open as far
     * as the hub knows (its network may have died silently), which is closed and replaced:
     * nothing to announce, the nick never left. Or from the hold after that connection ended:
     * a join, as its leave was announced.
     */
    private void takeOver(Seat seat, Member m) {
        Member previous = seats.takeOver(seat, m);
        if (previous == null) {
            attendance.joined(m);
            roster.present(room, seat.key(), true);
            return;
        }
        attendance.replaced(previous, m);
        delivered.unseated(previous);
        previous.connection().close(Disconnect.REPLACED);
        host.retire(previous);
    }

    /**
     * A resume on another node took this node's seat {@code key} over (the roster has already
     * told the room that its nick is present there): whoever sits in it is replaced, closed
     * with nothing announced, and a held seat is simply gone. Its nick stays the resumed
     * client's: it is not released.
     */
    void taken(String key) {
        Seat seat = seats.ofKey(key);
        if (seat == null) {
            return;
        }
        for (Member previous : seats.moveAway(seat)) {
            attendance.left(previous, true);
            delivered.unseated(previous);
            previous.connection().close(Disconnect.REPLACED);
            host.retire(previous);
        }
    }

    /**
     * {@code m}'s connection has ended. If it was its seat's last, its leave is announced and,
     * with {@code hold} (it ended without the client's goodbye), the seat is kept for a resume.
     * Returns false if {@code m} was not seated here (its join found it closed, or a resume
     * replaced it).
     */
    boolean leave(Member m, boolean hold) {
        claims.forget(m);
        if (!attendance.contains(m)) {
            return false;
        }
        delivered.unseated(m);
        if (!seats.leave(m)) {
            return attendance.leftAgain(m);
        }
        attendance.left(m, true);
        if (seats.vacate(m.seat(), hold)) {
            roster.present(room, m.seat().key(), false);
        }
        return true;
    }
}
