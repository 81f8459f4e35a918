package hubchat.hub;

import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.ErrorCode;
import hubchat.protocol.Frames;
import hubchat.protocol.OutboundFrame;
import hubchat.protocol.UnencodableFrameException;
import hubchat.protocol.Disconnect;
import hubchat.roster.Roster;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One chat room's rules: who is in it, their seats (see {@link Seats}), and what each event
 * does. Everything here runs in the room's {@link Turns}, one event at a time, so it reads as a
 * plain loop body: no locks, and nothing blocks (frames are only queued for the writers).
 *
 * <p>Presence invariant: a page that applies every frame in order always ends with the true
 * member list. Hence a nick frame never overtakes pending joins and leaves (they are sent first),
 * and a resume that takes a seat from its own older connection announces nothing. Who sits
 * where, and what a join or a leave announces, is {@link Seating}'s.
 *
 * <p>Nicks are unique on every node: a join or a rename claims its nick through the
 * {@link Roster} first ({@link Claims}), and takes effect when the claim is answered (at once
 * on one node).
 */
final class Room implements ClientFrame.Handler<Member> {
    /** Error message for a client frame whose answer could not be encoded; never quotes input. */
    static final String UNENCODABLE = "refused: it holds text that is not well-formed Unicode";
    /** Error message for a nick change from a user with an identity. */
    static final String NICK_FIXED = "your name comes from your login and cannot be changed here";

    private final String name;
    private final RoomHost host;
    private final Engine engine;
    private final Roster roster;
    private final Settings settings;
    private final Turns turns;

    // Room-thread state.
    private final Attendance attendance;
    private final Seats seats;
    private final Delivered delivered;
    private final Welcomes welcomes;
    private final Conversation conversation;
    private final Claims claims;
    private final Seating seating;
    private final RoomExpiry expiry;
    /** How long a member whose connection dropped stays seated and listed before its leave (see {@link #leave}). */
    private final long leaveGraceMillis;
    /** Set once the room is forgotten; later joins go to a new room of the same name. */
    private volatile boolean expired;

    Room(String name, RoomHost host, Engine engine, Roster roster, Settings settings) {
        this.name = name;
        this.host = host;
        this.engine = engine;
        this.roster = roster;
        this.settings = settings;
        this.leaveGraceMillis = settings.leaveGraceMillis();
        this.turns = new Turns(name, host, settings.sendQueueBytes(), !engine.deliversAtOnce());
        this.seats = new Seats(host.time()::now, settings.resumeHoldMillis(), name, roster);
        this.attendance = new Attendance(
                new Presence(host.time(), settings.presenceWindowMillis(), () -> submit(this::flushPresence)));
        this.delivered = new Delivered(turns);
        this.welcomes = new Welcomes(name, engine, attendance, seats, delivered, turns);
        this.conversation = new Conversation(name, engine, attendance, turns, host.metrics());
        this.claims = new Claims(name, roster, seats, turns);
        this.seating = new Seating(name, host, roster, seats, attendance, claims, delivered, this::seated);
        this.expiry = new RoomExpiry(name, engine, turns, host.time(), settings.roomIdleMillis(),
                () -> !expired && isEmptyHere() && seats.heldCount() == 0, this::expire);
        // Opened in the room's first turn, before any join: a shared engine's and roster's
        // network calls are made on the hub's threads, never on the container thread that joins.
        submit(() -> {
            engine.open(name, stored -> submit(() -> delivered.fanOut(stored, attendance.local())));
            roster.open(name, new OtherNodes(this, attendance), () -> {
                CompletableFuture<List<Roster.SeatState>> states = new CompletableFuture<>();
                submit(() -> states.complete(seats.states()));
                return states;
            });
        });
    }

    String name() {
        return name;
    }

    boolean isExpired() {
        return expired;
    }

    /** Queues an event for this room; never blocks. */
    void submit(Runnable event) {
        turns.submit(event);
    }

    void join(Member m) {
        if (expired) {
            host.reenter(m);
            return;
        }
        if (m.connection().isClosed()) {
            expiry.check(); // its room may have been made for it alone
            return;
        }
        seating.join(m);
    }

    /** {@code m} has its seat: its welcome is read, and the frames it sent meanwhile are handled. */
    private void seated(Member m, boolean badNick) {
        m.showNick();
        host.seated(m);
        delivered.seated(m);
        welcomes.read(m, m.since(), badNick);
        claims.done(m).forEach(frame -> handle(m, frame));
    }

    /** A resume on another node took this node's seat {@code key} (see {@link Seating#taken}). */
    void seatTaken(String key) {
        seating.taken(key);
    }

    /**
     * {@code m}'s connection has ended. With {@code hold} (it ended without the client's
     * goodbye) its seat is kept for a resume; either way its leave is announced (see {@link Seating}).
     * Without a goodbye, only after the leave grace: until then {@code m} stays seated and
     * listed, a closed connection that frames to it skip, so that a resume within the grace
     * takes its seat over as from a live connection, announced to no one. A connection closed
     * for the client's own fault (a violation) has no grace.
     */
    void leave(Member m, boolean hold) {
        if (expired && m.room() != this) {
            Room current = m.room(); // the join was re-routed to a fresh room after this one expired
            current.submit(() -> current.leave(m, hold));
            return;
        }
        Disconnect cause = m.connection().cause();
        if (hold && leaveGraceMillis > 0 && attendance.contains(m) && (cause == null || !cause.isViolation())) {
            host.time().schedule(() -> submit(() -> leaveNow(m, true)), leaveGraceMillis);
            return;
        }
        leaveNow(m, hold);
    }

    private void leaveNow(Member m, boolean hold) {
        if (!seating.leave(m, hold)) {
            expiry.check(); // never seated (its join found it closed), or replaced by a resume of its seat
        } else if (attendance.isEmptyHere()) {
            expiry.emptied();
        }
    }

    /**
     * A frame from a member, already parsed on the reader's thread, within its rate limits
     * ({@link RateLimits}; else refused, and nothing of it done). A frame it would cause that
     * cannot be encoded (see {@link OutboundFrame}) is never made: each handler makes its frames
     * before it changes any state, and the member gets an error instead.
     */
    void handle(Member m, ClientFrame frame) {
        if (!attendance.contains(m)) {
            claims.hold(m, frame);
            return;
        }
        if (!m.limits().admit(m, frame, host.time().now(), turns)) {
            return; // over a rate limit: refused, nothing of it done
        }
        try {
            frame.dispatch(this, m);
        } catch (UnencodableFrameException e) {
            turns.sendError(m, ErrorCode.BAD_REQUEST, Frames.error(ErrorCode.BAD_REQUEST, UNENCODABLE));
        }
    }

    @Override
    public void post(Member sender, ClientFrame.Post p) {
        conversation.post(sender, p);
    }

    /** A new nick, claimed through the roster; refused for a user with an identity, whose name it gives. */
    @Override
    public void changeNick(Member m, ClientFrame.ChangeNick change) {
        String wanted = change.nick();
        if (m.nick().equals(wanted)) {
            return;
        }
        if (m.identity() != null) {
            turns.sendError(m, ErrorCode.NICK_FIXED, Frames.error(ErrorCode.NICK_FIXED, NICK_FIXED));
            return;
        }
        Frames.requireEncodable(wanted); // the nick frame can be made: check before any nick changes
        Seat seat = m.seat();
        turns.whenAnswered(roster.rename(name, seat.key(), seats.candidates(wanted, seat)), (granted, error) -> {
            if (m.seat() != seat || !attendance.contains(m)) {
                return;
            }
            String old = m.nick();
            // Pending joins and leaves go out first: sent after the nick frame, a "left: alice"
            // from before the rename would remove whoever has just become alice.
            flushPresence();
            String nick = seats.rename(seat, error == null && granted.isPresent() ? granted.get() : wanted);
            m.showNick();
            if (!nick.equals(old)) {
                attendance.renamedHere(old, nick);
                toAll(Frames.nick(old, nick));
            }
        });
    }

    @Override
    public void typing(Member sender, ClientFrame.Typing typing) {
        conversation.typing(sender);
    }

    @Override
    public void history(Member m, ClientFrame.HistoryRequest request) {
        conversation.history(m, request);
    }

    /**
     * Releases seats whose hold has ended; forgets the room if it has been empty for the idle
     * time, or if no one uses it and it has no history (see {@link RoomExpiry}).
     */
    void expireIfIdle() {
        seats.releaseExpired();
        if (!expired) {
            expiry.sweep(isEmptyHere());
        }
    }

    /** No member here and no join under way (other nodes may have members). */
    private boolean isEmptyHere() {
        return attendance.isEmptyHere() && claims.isEmpty();
    }

    /** Forgets the room: later joins make a new one; the engine and the roster close it on this node. */
    private void expire() {
        expired = true;
        host.forget(this);
        engine.close(name);
        roster.close(name);
    }

    /** A frame for {@code m} alone. */
    void reply(Member m, OutboundFrame frame) {
        deliver(m, frame);
    }

    /** An error frame for {@code m} alone, about its last frame: counted by its code. */
    void replyError(Member m, ErrorCode code, OutboundFrame frame) {
        turns.sendError(m, code, frame);
    }

    private void deliver(Member m, OutboundFrame frame) {
        turns.deliver(m, frame);
    }

    /** To every member that has its welcome (a later welcome shows the state this frame changes). */
    private void toAll(OutboundFrame frame) {
        for (Member m : attendance.local()) {
            if (m.welcomed()) {
                deliver(m, frame);
            }
        }
    }

    private void flushPresence() {
        OutboundFrame frame = attendance.drainPresence();
        if (frame != null) {
            toAll(frame);
        }
    }

    /** A member of another node renamed: announced after the joins and leaves before it. */
    void otherRenamed(String from, String to) {
        flushPresence();
        if (attendance.otherRenamed(from, to)) {
            toAll(Frames.nick(from, to));
        }
    }
}
