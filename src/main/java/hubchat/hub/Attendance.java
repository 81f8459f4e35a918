package hubchat.hub;

import hubchat.protocol.Limits;
import hubchat.protocol.OutboundFrame;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is in one room: this node's members, the members other nodes have (by nick, as the
 * roster tells), and the joins and leaves of both not yet announced ({@link Presence}). The
 * member count and the names in a welcome count every node, and count a user with an identity
 * once however many connections it has here: its first connection is announced as a join, its
 * others are {@link #joinedAgain} and counted in {@code extra}. Room thread only.
 */
final class Attendance {
    private final Set<Member> members = new LinkedHashSet<>();
    private final Set<String> others = new LinkedHashSet<>();
    /** Connections here beyond the first of their seat (a user's second tab...). */
    private int extra;
    private final Presence presence;

    Attendance(Presence presence) {
        this.presence = presence;
    }

    /** This node's members, in the order they joined. */
    Set<Member> local() {
        return members;
    }

    boolean contains(Member m) {
        return members.contains(m);
    }

    /** True if this node has no member here (other nodes may). */
    boolean isEmptyHere() {
        return members.isEmpty();
    }

    /** Members on every node: people, not connections. */
    int count() {
        return members.size() - extra + others.size();
    }

    void joined(Member m) {
        members.add(m);
        presence.joined(m.nick());
    }

    /** {@code m} is another connection of a seat already here: nothing is announced, nobody more is counted. */
    void joinedAgain(Member m) {
        if (members.add(m)) {
            extra++;
        }
    }

    /** {@code m}, not the last connection of its seat, is gone: nothing is announced. */
    boolean leftAgain(Member m) {
        boolean was = members.remove(m);
        if (was) {
            extra--;
        }
        return was;
    }

    /** {@code m} is gone; {@code announce}: as a leave (not when its seat went to a resume). */
    boolean left(Member m, boolean announce) {
        boolean was = members.remove(m);
        if (was && announce) {
            presence.left(m.nick());
        }
        return was;
    }

    /** A resume took a seat over: the new connection counts, the old one no longer, nothing is announced. */
    void replaced(Member previous, Member m) {
        members.remove(previous);
        members.add(m);
    }

    /** Every member other nodes have now: the difference from what was known is announced. */
    void others(Set<String> nicks) {
        for (String gone : new ArrayList<>(others)) {
            if (!nicks.contains(gone)) {
                otherLeft(gone);
            }
        }
        for (String nick : nicks) {
            otherJoined(nick);
        }
    }

    void otherJoined(String nick) {
        if (others.add(nick)) {
            presence.joined(nick);
        }
    }

    void otherLeft(String nick) {
        if (others.remove(nick)) {
            presence.left(nick);
        }
    }

    /** A member of another node renamed; the caller announces it (after pending presence). */
    boolean otherRenamed(String from, String to) {
        if (!others.remove(from)) {
            return false;
        }
        others.add(to);
        return true;
    }

    /** Joins and leaves not yet announced, as one frame; null if there are none. */
    OutboundFrame drainPresence() {
        return presence.isEmpty() ? null : presence.drain(count());
    }

    /** {@code you} first, then others here and on other nodes, at most {@link Limits#MAX_LISTED_NAMES}. */
    List<String> names(Member you) {
        List<String> names = new ArrayList<>(Math.min(count(), Limits.MAX_LISTED_NAMES));
        Set<String> seen = new HashSet<>();
        names.add(you.nick());
        seen.add(you.nick());
        for (Member m : members) {
            if (names.size() == Limits.MAX_LISTED_NAMES) {
                return names;
            }
            if (m != you && seen.add(m.nick())) {
                names.add(m.nick());
            }
        }
        for (String nick : others) {
            if (names.size() == Limits.MAX_LISTED_NAMES) {
                return names;
            }
            if (seen.add(nick)) {
                names.add(nick);
            }
        }
        return names;
    }
}
