package hubchat.hub;

import hubchat.protocol.Limits;
import hubchat.protocol.OutboundFrame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is in one room: this node's members, the members other nodes have (by nick, as the
 * roster tells), and the joins and leaves of both not yet announced ({@link Presence}). A member
 * is a nick: the member count and the names in a welcome count every node, and count a nick
 * once however many connections and seats have it, here and elsewhere. That is how a user with
 * an identity is one member: its connections here share one seat (its first is announced as a
 * join, its others are {@link #joinedAgain}), and its seats on other nodes share its nick (the
 * roster grants them the same one), so the first of them anywhere is announced as its join and
 * the last as its leave. Room thread only.
 *
 * <p>Invariants: {@code here} counts this node's occupied seats by nick, {@code others} the
 * present seats of other nodes by nick (no zero counts in either); the nicks shown are the keys
 * of both, and {@code shared} is how many are keys of both.
 */
final class Attendance {
    /** This node's connections, in the order they joined. */
    private final Set<Member> members = new LinkedHashSet<>();
    private final Map<String, Integer> here = new HashMap<>();
    private final Map<String, Integer> others = new LinkedHashMap<>();
    private int shared;
    private final Presence presence;

    Attendance(Presence presence) {
        this.presence = presence;
    }

    /** This node's members (connections), in the order they joined. */
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

    /** Members on every node: people, not connections nor seats. */
    int count() {
        return here.size() + others.size() - shared;
    }

    /** {@code m} sits in a seat no one else occupies here: a join, unless its nick is shown already (its user is on another node). */
    void joined(Member m) {
        members.add(m);
        count(here, others, m.nick(), 1, true);
    }

    /** {@code m} is another connection of a seat already here: nothing is announced, nobody more is counted. */
    void joinedAgain(Member m) {
        members.add(m);
    }

    /** {@code m}, not the last connection of its seat, is gone: nothing is announced. */
    boolean leftAgain(Member m) {
        return members.remove(m);
    }

    /**
     * {@code m}, the last connection of its seat, is gone; {@code announce}: as a leave (not when
     * its seat went to a resume), unless its nick is still shown (its user is on another node).
     */
    boolean left(Member m, boolean announce) {
        boolean was = members.remove(m);
        if (was) {
            count(here, others, m.nick(), -1, announce);
        }
        return was;
    }

    /** A resume took a seat over: the new connection counts, the old one no longer, nothing is announced. */
    void replaced(Member previous, Member m) {
        members.remove(previous);
        members.add(m);
    }

    /** A seat here was renamed; the caller announces it. */
    void renamedHere(String from, String to) {
        count(here, others, from, -1, false);
        count(here, others, to, 1, false);
    }

    /**
     * Every present seat other nodes have now, by nick (a user's nick once for each node it is
     * on): the difference from what was known is announced.
     */
    void others(Collection<String> nicks) {
        Map<String, Integer> now = new LinkedHashMap<>();
        nicks.forEach(nick -> now.merge(nick, 1, Integer::sum));
        for (Map.Entry<String, Integer> was : new ArrayList<>(others.entrySet())) {
            if (!now.containsKey(was.getKey())) {
                count(others, here, was.getKey(), -was.getValue(), true);
            }
        }
        now.forEach((nick, n) -> count(others, here, nick, n - others.getOrDefault(nick, 0), true));
    }

    /** A seat of another node is present. */
    void otherJoined(String nick) {
        count(others, here, nick, 1, true);
    }

    /** A seat of another node is gone or held. */
    void otherLeft(String nick) {
        if (others.containsKey(nick)) {
            count(others, here, nick, -1, true);
        }
    }

    /** A member of another node renamed; the caller announces it (after pending presence). */
    boolean otherRenamed(String from, String to) {
        if (!others.containsKey(from)) {
            return false;
        }
        count(others, here, from, -1, false);
        count(others, here, to, 1, false);
        return true;
    }

    /**
     * Adds {@code delta} to the seats {@code counts} (here or others; {@code other} is the other
     * one) have under {@code nick}; with {@code announce}, a nick that this starts or stops
     * showing is announced as a join or a leave.
     */
    private void count(Map<String, Integer> counts, Map<String, Integer> other, String nick, int delta, boolean announce) {
        boolean shownBefore = here.containsKey(nick) || others.containsKey(nick);
        int before = counts.getOrDefault(nick, 0);
        int after = Math.max(0, before + delta);
        if (after == 0) {
            counts.remove(nick);
        } else {
            counts.put(nick, after);
        }
        if ((before == 0) != (after == 0) && other.containsKey(nick)) {
            shared += after == 0 ? -1 : 1;
        }
        boolean shownAfter = here.containsKey(nick) || others.containsKey(nick);
        if (announce && shownBefore != shownAfter) {
            if (shownAfter) {
                presence.joined(nick);
            } else {
                presence.left(nick);
            }
        }
    }

    /** Joins and leaves not yet announced, as one frame; null if there are none. */
    OutboundFrame drainPresence() {
        return presence.isEmpty() ? null : presence.drain(count());
    }

    /** {@code you} first, then others here and on other nodes, each nick once, at most {@link Limits#MAX_LISTED_NAMES}. */
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
        for (String nick : others.keySet()) {
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
