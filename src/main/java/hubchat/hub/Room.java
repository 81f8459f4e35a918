package hubchat.hub;

import hubchat.engine.Engine;
import hubchat.protocol.ChatMessage;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.Disconnect;
import hubchat.protocol.ErrorCode;
import hubchat.protocol.Frames;
import hubchat.protocol.Limits;
import hubchat.protocol.Names;
import hubchat.protocol.OutboundFrame;
import hubchat.protocol.UnencodableFrameException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One chat room: its members, their seats (see {@link Seats}), and the order of everything said
 * in it. Events reach a room through its mailbox and run in turns, one turn at a time, on the
 * hub's executor, so all state below is confined to whichever thread runs the turn and needs no
 * locks; different rooms run on different threads. The frames a turn produces are written by the writer threads when
 * the turn ends, and the next turn waits for them.
 *
 * <p>Invariant: nothing here blocks. Sends only queue onto a member's {@link Connection}.
 *
 * <p>Presence invariant: a page that applies every frame in order always ends with the true
 * member list. Hence a nick frame never overtakes pending joins and leaves (they are sent first),
 * and a resume that takes a seat from its own older connection announces nothing.
 */
final class Room implements Runnable {
    private static final Logger LOG = Logger.getLogger(Room.class.getName());
    /** Events handled per turn before the thread is handed to other rooms. */
    private static final int EVENTS_PER_TURN = 256;
    /**
     * Share of a connection's send queue one turn may fill before its frames are written, so
     * that batching a turn's frames never makes a reader that keeps up look slow.
     */
    private static final int TURN_SHARE_OF_SEND_QUEUE = 4;
    /** Recent (nick, cid) pairs remembered so that a message re-sent after a drop is stored once. */
    private static final int REMEMBERED_CIDS = 256;
    /** Error message for a client frame whose answer could not be encoded; never quotes input. */
    static final String UNENCODABLE = "refused: it holds text that is not well-formed Unicode";

    private final String name;
    private final ChatHub hub;
    private final Engine engine;
    private final Mailbox mailbox = new Mailbox();

    // Room-thread state.
    private final Set<Member> members = new LinkedHashSet<>();
    private final Seats seats;
    private final Presence presence = new Presence();
    /** Connections given frames during this turn; written together when the turn ends. */
    private List<Connection> toWrite = new ArrayList<>();
    /** Bytes this turn has queued for any one member, at most (a broadcast counts once). */
    private long turnBytes;
    private OutboundFrame lastCounted;
    private final Map<String, ChatMessage> recentByCid = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChatMessage> eldest) {
            return size() > REMEMBERED_CIDS;
        }
    };
    private long emptySince;
    /** Set once the room is forgotten; later joins go to a new room of the same name. */
    private volatile boolean expired;

    Room(String name, ChatHub hub, Engine engine) {
        this.name = name;
        this.hub = hub;
        this.engine = engine;
        this.emptySince = hub.now();
        this.seats = new Seats(hub::now, hub.settings().resumeHoldMillis());
    }

    String name() {
        return name;
    }

    boolean isExpired() {
        return expired;
    }

    /** Queues an event for this room; never blocks. */
    void submit(Runnable event) {
        mailbox.add(event);
        if (mailbox.claim()) {
            hub.execute(this);
        }
    }

    /** Drains the mailbox for one turn; reschedules itself if more is waiting. */
    @Override
    public void run() {
        long turnBudget = hub.settings().sendQueueBytes() / TURN_SHARE_OF_SEND_QUEUE;
        turnBytes = 0;
        for (int i = 0; i < EVENTS_PER_TURN && turnBytes < turnBudget; i++) {
            Runnable event = mailbox.poll();
            if (event == null) {
                break;
            }
            try {
                event.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "room " + name + ": event failed", e);
            }
        }
        if (!toWrite.isEmpty()) {
            // The turn keeps the mailbox until its frames are written: a room never runs ahead
            // of its writers, so a burst cannot make readers that keep up look slow. The next
            // turn may start before this method returns: touch no room state after write().
            List<Connection> written = toWrite;
            toWrite = new ArrayList<>();
            hub.write(written, this::endTurn);
            return;
        }
        endTurn();
    }

    /** Lets the next turn start: at once if events are waiting. */
    private void endTurn() {
        if (mailbox.release()) {
            hub.execute(this);
        }
    }

    void join(Member m) {
        if (expired) {
            hub.enterRoom(m);
            return;
        }
        if (m.connection().isClosed()) {
            return;
        }
        Seat resumed = seats.find(m.resume());
        boolean badNick = false;
        if (resumed != null) {
            takeOver(resumed, m);
        } else {
            Optional<String> wanted = Names.cleanNick(m.requestedNick());
            badNick = m.requestedNick() != null && wanted.isEmpty();
            seats.sit(m, wanted.orElseGet(Room::guestName));
            members.add(m);
            announce(() -> presence.joined(m.nick()));
        }
        String nick = m.nick();

        Optional<List<ChatMessage>> missed = m.since() == null ? Optional.empty() : engine.after(name, m.since());
        List<ChatMessage> history = missed.orElseGet(() -> engine.latest(name, Limits.WELCOME_HISTORY));
        deliver(m, Frames.welcome(name, nick, memberNames(m), members.size(), history, missed.isPresent(),
                seats.renewSecret(m.seat())));
        if (badNick) {
            deliver(m, Frames.error(ErrorCode.BAD_NICK,
                    "nick refused (1 to " + Names.MAX_NICK_LENGTH + " characters, no control characters); you are " + nick));
        }
    }

    /**
     * A resume: {@code m} takes its seat back. From its own older connection, still open as far
     * as the hub knows (its network may have died silently), which is closed and replaced:
     * nothing to announce, the nick never left. Or from the hold after that connection ended:
     * a join, as its leave was announced.
     */
    private void takeOver(Seat seat, Member m) {
        Member previous = seats.takeOver(seat, m);
        members.add(m);
        if (previous == null) {
            announce(() -> presence.joined(m.nick()));
            return;
        }
        members.remove(previous);
        previous.connection().close(Disconnect.REPLACED);
        hub.retire(previous);
    }

    /**
     * {@code m}'s connection has ended. With {@code hold} (it ended without the client's
     * goodbye) its seat is kept for a resume; either way its leave is announced.
     */
    void leave(Member m, boolean hold) {
        if (expired && m.room() != this) {
            Room current = m.room(); // the join was re-routed to a fresh room after this one expired
            current.submit(() -> current.leave(m, hold));
            return;
        }
        if (!members.remove(m)) {
            return; // never seated, or replaced by a resume of its seat
        }
        String nick = m.nick();
        seats.vacate(m.seat(), hold);
        announce(() -> presence.left(nick));
        if (members.isEmpty()) {
            emptySince = hub.now();
        }
    }

    /**
     * A frame from a member, already parsed on the reader's thread. A frame it would cause that
     * cannot be encoded (see {@link OutboundFrame}) is never made: each handler makes its frames
     * before it changes any state, and the member gets an error instead.
     */
    void handle(Member m, ClientFrame frame) {
        try {
            dispatch(m, frame);
        } catch (UnencodableFrameException e) {
            deliver(m, Frames.error(ErrorCode.BAD_REQUEST, UNENCODABLE));
        }
    }

    private void dispatch(Member m, ClientFrame frame) {
        if (!members.contains(m)) {
            return;
        }
        if (frame instanceof ClientFrame.Post p) {
            post(m, p);
        } else if (frame instanceof ClientFrame.ChangeNick n) {
            rename(m, n.nick());
        } else if (frame instanceof ClientFrame.Typing) {
            toOthers(m, Frames.typing(m.nick()));
        } else if (frame instanceof ClientFrame.HistoryRequest h) {
            deliver(m, Frames.history(h.before() == null
                    ? engine.latest(name, h.limit())
                    : engine.before(name, h.before(), h.limit())));
        }
    }

    /** Releases seats whose hold has ended; forgets the room if it has been empty for the idle time. */
    void expireIfIdle() {
        seats.releaseExpired();
        if (!expired && members.isEmpty() && hub.now() - emptySince >= hub.settings().roomIdleMillis()) {
            expired = true;
            hub.forget(this);
            engine.forget(name);
        }
    }

    /**
     * Stores and fans out a message. A re-send of a recent one (same nick and cid: the client
     * could not tell whether it arrived before its connection dropped) is only acknowledged.
     */
    private void post(Member sender, ClientFrame.Post p) {
        String cidKey = p.cid() == null ? null : sender.nick() + '\n' + p.cid();
        ChatMessage earlier = cidKey == null ? null : recentByCid.get(cidKey);
        if (earlier != null) {
            deliver(sender, Frames.message(earlier, p.cid()));
            return;
        }
        // The sender's copy is made after the message is stored, and cid is all it adds: check
        // cid first. The engine refuses (stores nothing) a message whose frame cannot be made.
        Frames.requireEncodable(p.cid());
        ChatMessage message = engine.append(name, sender.nick(), p.text());
        if (cidKey != null) {
            recentByCid.put(cidKey, message);
        }
        OutboundFrame shared = message.frame();
        OutboundFrame own = p.cid() == null ? shared : Frames.message(message, p.cid());
        for (Member m : members) {
            deliver(m, m == sender ? own : shared);
        }
    }

    private void rename(Member m, String wanted) {
        String old = m.nick();
        if (old.equals(wanted)) {
            return;
        }
        Frames.requireEncodable(wanted); // the nick frame can be made: check before any nick changes
        // Pending joins and leaves go out first: sent after the nick frame, a "left: alice" from
        // before the rename would remove whoever has just become alice.
        flushPresence();
        String nick = seats.rename(m.seat(), wanted);
        OutboundFrame frame = Frames.nick(old, nick);
        for (Member each : members) {
            deliver(each, frame);
        }
    }

    private void toOthers(Member sender, OutboundFrame frame) {
        for (Member m : members) {
            if (m != sender) {
                deliver(m, frame);
            }
        }
    }

    /** A frame for {@code m} alone, such as an error about its last frame. */
    void reply(Member m, OutboundFrame frame) {
        deliver(m, frame);
    }

    /** Queues a frame for {@code m}; it is written when this turn ends, with all the others. */
    private void deliver(Member m, OutboundFrame frame) {
        if (frame != lastCounted) {
            turnBytes += frame.bytes();
            lastCounted = frame;
        }
        if (m.connection().offer(frame)) {
            toWrite.add(m.connection());
        }
    }

    /** Records a join or leave; the first one of a window schedules the merged frame. */
    private void announce(Runnable change) {
        boolean first = presence.isEmpty();
        change.run();
        if (first && !presence.isEmpty()) {
            hub.schedule(() -> submit(this::flushPresence), hub.settings().presenceWindowMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flushPresence() {
        if (presence.isEmpty()) {
            return;
        }
        OutboundFrame frame = presence.drain(members.size());
        for (Member m : members) {
            deliver(m, frame);
        }
    }

    /** The requester first, then others, at most {@link Limits#MAX_LISTED_NAMES}. */
    private List<String> memberNames(Member you) {
        List<String> names = new ArrayList<>(Math.min(members.size(), Limits.MAX_LISTED_NAMES));
        names.add(you.nick());
        for (Member m : members) {
            if (names.size() == Limits.MAX_LISTED_NAMES) {
                break;
            }
            if (m != you) {
                names.add(m.nick());
            }
        }
        return names;
    }

    private static String guestName() {
        return "guest-" + (1000 + ThreadLocalRandom.current().nextInt(9000));
    }
}
