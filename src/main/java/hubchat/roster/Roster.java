package hubchat.roster;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Who is in each room on every node, and which nicks are taken there: the part of presence that
 * a multi-node deployment shares ({@code RedisRoster}); on one node there is nothing to share
 * ({@link LocalRoster}). Each node still keeps its own members and seats; the roster adds the seats of
 * the other nodes and makes nick claims atomic across them.
 *
 * <p>Seats are named by their key (stable across renames and resumes). A seat is either present
 * (its member is connected: a member of the room) or held (its nick reserved for a resume, not a
 * member). Nothing here blocks: answers are stages, completed at once by {@link LocalRoster}.
 *
 * <p>A user with an identity has one seat per node it is connected to (or held on), each keyed
 * with its user's tag ({@link SeatKeys#ofUser}): those seats are one member with one nick. The
 * roster grants them all the same nick, keeps it the user's while any of them exists on any
 * node, and tells the other nodes of each seat as of any other, so that a nick may be named by
 * several seats of other nodes; a room shows it once.
 *
 * <p>A write that fails (the shared store unreachable) is not retried by the caller: the roster
 * puts this node's seats right again by itself once it can ({@link LocalSeats#seats}).
 */
public interface Roster {

    /** This node has members in {@code room}: changes other nodes make to it go to {@code listener}. */
    void open(String room, Listener listener, LocalSeats seats);

    /** This node has no more members in {@code room}. */
    void close(String room);

    /**
     * Takes, for the seat {@code seatKey}, the first of {@code candidates} that no other seat of
     * the room holds on any node; empty if every one is held. The caller has already left out
     * the nicks its own node holds. For the seat of a user who has another seat in the room (on
     * another node, present or held), that seat's nick, whatever the candidates. Fails if the
     * roster cannot be reached (the caller may then use its first candidate: this node's seats
     * are put right later).
     */
    CompletionStage<Optional<String>> claim(String room, String seatKey, List<String> candidates);

    /**
     * Like {@link #claim}, for a seat that has a nick: the old one is freed if a new one is
     * taken. A user's seat keeps its user's nick: that is the answer.
     */
    CompletionStage<Optional<String>> rename(String room, String seatKey, List<String> candidates);

    /**
     * The resume secret of the seat {@code seatKey} (of a client without an identity) is now
     * {@code secret}: a resume on another node finds the seat by it ({@link #resume}).
     */
    void secret(String room, String seatKey, String secret);

    /**
     * A client resumes on this node with {@code secret}, which opens no seat here: the seat of
     * another node it opens, present or held (its connection there may be dead, or its node),
     * becomes this node's seat {@code seatKey}, present, with the same nick; its old node is
     * told ({@link Listener#taken}) and closes what sat there. Empty if the secret opens no seat
     * of another node (unknown, used, expired, or the roster has no other nodes). A secret opens
     * a seat once.
     */
    CompletionStage<Optional<Resumed>> resume(String room, String seatKey, String secret);

    /** A seat of another node taken over by a resume: its nick, and whether its member was present there. */
    record Resumed(String nick, boolean wasPresent) {
    }

    /** The seat's member is connected again ({@code true}) or gone while the seat is held ({@code false}). */
    void present(String room, String seatKey, boolean present);

    /** The seat is gone and its nick free. */
    void release(String room, String seatKey);

    /** What a node tells a room about the seats of other nodes. Called on the roster's threads, in order. */
    interface Listener {
        /**
         * The present seats of other nodes, all of them, by nick: after the room was opened, or
         * after the roster lost track. A user present on several other nodes is named once for
         * each.
         */
        void others(Collection<String> nicks);

        /** A seat of another node is present: a member joined, or another connection of a user's. */
        void joined(String nick);

        /** A seat of another node is gone or held: a member left, unless its user has other seats present. */
        void left(String nick);

        void renamed(String from, String to);

        /**
         * This node's seat {@code seatKey} was taken over by a resume on another node, where its
         * nick now is present: whoever sits in it here is replaced.
         */
        void taken(String seatKey);
    }

    /** A room's seats on this node, as the roster registers them again when it has to. */
    interface LocalSeats {
        /** Every seat of the room on this node, present or held. Called on the roster's threads. */
        CompletionStage<List<SeatState>> seats();
    }

    /** A seat as the roster stores it. */
    record SeatState(String key, String nick, boolean present) {
    }
}
