package hubchat.hub;

import hubchat.protocol.ClientFrame;
import hubchat.protocol.Names;
import hubchat.roster.Roster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One room's joins waiting for their nick claims (see {@link Roster#claim}), with the frames
 * each member sends meanwhile, which run once it is seated. A member gone before its claim is
 * answered gives the nick back. Room thread only.
 */
final class Claims {
    private static final Logger LOG = Logger.getLogger(Claims.class.getName());

    private final String room;
    private final Roster roster;
    private final Seats seats;
    private final Turns turns;
    private final Map<Member, List<ClientFrame>> waiting = new HashMap<>();

    Claims(String room, Roster roster, Seats seats, Turns turns) {
        this.room = room;
        this.roster = roster;
        this.seats = seats;
        this.turns = turns;
    }

    /** What a join gets: its new seat's key and nick, and, for a resume, the other node's seat it took over. */
    interface Granted {
        void granted(String key, String nick, Roster.Resumed resumed);
    }

    /**
     * Claims {@code wanted} (or the first free {@code wanted-2}...) for a new seat of {@code m};
     * {@code granted} gets the seat's key and nick, in the room, unless {@code m} is gone by then.
     * With a resume {@code secret} that opened no seat here, the seat of another node it opens
     * is taken over first, nick and all ({@link Roster#resume}); only if it opens none is a nick
     * claimed. A user with an identity who has seats on other nodes is granted the nick they
     * have, whatever it wanted (see {@link Roster#claim}). If the roster cannot be reached,
     * {@code m} gets the first nick free here: the roster registers this node's seats again
     * when it can.
     */
    void claim(Member m, String secret, String wanted, Granted granted) {
        String key = Seat.newKey(m);
        waiting.put(m, new ArrayList<>());
        if (secret == null) {
            claimNick(m, key, wanted, granted);
            return;
        }
        turns.whenAnswered(roster.resume(room, key, secret), (resumed, error) -> {
            if (!waiting.containsKey(m)) {
                if (error == null && resumed.isPresent()) {
                    roster.release(room, key);
                }
            } else if (error == null && resumed.isPresent()) {
                granted.granted(key, resumed.get().nick(), resumed.get());
            } else {
                claimNick(m, key, wanted, granted);
            }
        });
    }

    private void claimNick(Member m, String key, String wanted, Granted granted) {
        turns.whenAnswered(roster.claim(room, key, seats.candidates(wanted, null)), (nick, error) -> {
            if (!waiting.containsKey(m)) {
                if (error == null && nick.isPresent()) {
                    roster.release(room, key);
                }
            } else if (error == null && nick.isEmpty()) {
                claimNick(m, key, Names.guestName(), granted); // every candidate taken: rare, so a guest name
            } else {
                if (error != null) {
                    LOG.fine(() -> "room " + room + ": nick not claimed (" + error + "); the roster catches up later");
                }
                granted.granted(key, error == null ? nick.get() : wanted, null);
            }
        });
    }

    /** Keeps {@code frame} for {@code m} if it waits for its claim (bounded: a connection has at most so many frames pending). */
    void hold(Member m, ClientFrame frame) {
        List<ClientFrame> frames = waiting.get(m);
        if (frames != null) {
            frames.add(frame);
        }
    }

    /** {@code m} is seated: the frames it sent while it waited, in order. */
    List<ClientFrame> done(Member m) {
        List<ClientFrame> frames = waiting.remove(m);
        return frames == null ? List.of() : frames;
    }

    /** {@code m} is gone: its claim, when answered, is given back. */
    void forget(Member m) {
        waiting.remove(m);
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }
}
