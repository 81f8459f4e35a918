package hubchat.hub;

import hubchat.config.Settings;
import hubchat.engine.Appended;
import hubchat.engine.Engine;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.Disconnect;
import hubchat.protocol.ErrorCode;
import hubchat.protocol.Frames;
import hubchat.protocol.Names;
import hubchat.protocol.OutboundFrame;
import hubchat.protocol.UnencodableFrameException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * One chat room's rules: who is in it, their seats (see {@link Seats}), and what each event
 * does. Everything here runs in the room's {@link Turns}, one event at a time, so it reads as a
 * plain loop body: no locks, and nothing blocks (frames are only queued for the writers).
 *
 * <p>Presence invariant: a page that applies every frame in order always ends with the true
 * member list. Hence a nick frame never overtakes pending joins and leaves (they are sent first),
 * and a resume that takes a seat from its own older connection announces nothing.
 */
final class Room implements ClientFrame.Handler<Member> {
    /** Error message for a client frame whose answer could not be encoded; never quotes input. */
    static final String UNENCODABLE = "refused: it holds text that is not well-formed Unicode";

    private final String name;
    private final RoomHost host;
    private final Engine engine;
    private final Settings settings;
    private final Turns turns;

    // Room-thread state.
    private final Set<Member> members = new LinkedHashSet<>();
    private final Seats seats;
    private final Presence presence;
    private final Delivered delivered;
    private final Welcomes welcomes;
    private long emptySince;
    /** Set once the room is forgotten; later joins go to a new room of the same name. */
    private volatile boolean expired;

    Room(String name, RoomHost host, Engine engine, Settings settings) {
        this.name = name;
        this.host = host;
        this.engine = engine;
        this.settings = settings;
        this.turns = new Turns(name, host, settings.sendQueueBytes());
        this.emptySince = host.time().now();
        this.seats = new Seats(host.time()::now, settings.resumeHoldMillis());
        this.presence = new Presence(host.time(), settings.presenceWindowMillis(), () -> submit(this::flushPresence));
        this.delivered = new Delivered(turns);
        this.welcomes = new Welcomes(name, engine, members, seats, delivered, turns);
        engine.open(name, stored -> submit(() -> delivered.fanOut(stored, members)));
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
            return;
        }
        Seat resumed = seats.find(m.resume());
        boolean badNick = false;
        if (resumed != null) {
            takeOver(resumed, m);
        } else {
            Optional<String> wanted = Names.cleanNick(m.requestedNick());
            badNick = m.requestedNick() != null && wanted.isEmpty();
            seats.sit(m, wanted.orElseGet(Names::guestName));
            members.add(m);
            presence.joined(m.nick());
        }
        delivered.seated(m);
        welcomes.read(m, m.since(), badNick);
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
            presence.joined(m.nick());
            return;
        }
        members.remove(previous);
        delivered.unseated(previous);
        previous.connection().close(Disconnect.REPLACED);
        host.retire(previous);
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
        delivered.unseated(m);
        seats.vacate(m.seat(), hold);
        presence.left(nick);
        if (members.isEmpty()) {
            emptySince = host.time().now();
        }
    }

    /**
     * A frame from a member, already parsed on the reader's thread. A frame it would cause that
     * cannot be encoded (see {@link OutboundFrame}) is never made: each handler makes its frames
     * before it changes any state, and the member gets an error instead.
     */
    void handle(Member m, ClientFrame frame) {
        if (!members.contains(m)) {
            return;
        }
        try {
            frame.dispatch(this, m);
        } catch (UnencodableFrameException e) {
            deliver(m, Frames.error(ErrorCode.BAD_REQUEST, UNENCODABLE));
        }
    }

    /**
     * Stores a message; the room fans it out when the engine delivers it. A re-send of a recent
     * one (same seat and cid: the client could not tell whether it arrived before its connection
     * dropped) is only acknowledged.
     */
    @Override
    public void post(Member sender, ClientFrame.Post p) {
        // The sender's copy adds cid to the stored message: check it can be made before storing.
        Frames.requireEncodable(p.cid());
        engine.append(name, sender.nick(), sender.seat().key(), p.text(), p.cid())
                .whenComplete((appended, error) -> {
                    if (error != null || appended.earlier()) { // a stored message needs no answer: it is delivered
                        submit(() -> appended(sender, p.cid(), appended, error));
                    }
                });
    }

    private void appended(Member sender, String cid, Appended appended, Throwable error) {
        if (!members.contains(sender)) {
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof UnencodableFrameException) {
            deliver(sender, Frames.error(ErrorCode.BAD_REQUEST, UNENCODABLE));
        } else if (cause != null) {
            deliver(sender, Frames.error(ErrorCode.UNAVAILABLE, "the message could not be stored; send it again", cid));
        } else if (appended.earlier()) {
            deliver(sender, Frames.message(appended.stored().message(), cid));
        }
    }

    @Override
    public void changeNick(Member m, ClientFrame.ChangeNick change) {
        String old = m.nick();
        String wanted = change.nick();
        if (old.equals(wanted)) {
            return;
        }
        Frames.requireEncodable(wanted); // the nick frame can be made: check before any nick changes
        // Pending joins and leaves go out first: sent after the nick frame, a "left: alice" from
        // before the rename would remove whoever has just become alice.
        flushPresence();
        String nick = seats.rename(m.seat(), wanted);
        toAll(Frames.nick(old, nick));
    }

    @Override
    public void typing(Member sender, ClientFrame.Typing typing) {
        OutboundFrame frame = Frames.typing(sender.nick());
        for (Member m : members) {
            if (m != sender && m.welcomed()) {
                deliver(m, frame);
            }
        }
    }

    @Override
    public void history(Member m, ClientFrame.HistoryRequest request) {
        (request.before() == null
                ? engine.latest(name, request.limit())
                : engine.before(name, request.before(), request.limit()))
                .whenComplete((h, error) -> submit(() -> {
                    if (members.contains(m)) {
                        deliver(m, error == null ? Frames.history(h.messages())
                                : Frames.error(ErrorCode.UNAVAILABLE, "history could not be read; ask again"));
                    }
                }));
    }

    /** Releases seats whose hold has ended; forgets the room if it has been empty for the idle time. */
    void expireIfIdle() {
        seats.releaseExpired();
        if (!expired && members.isEmpty() && host.time().now() - emptySince >= settings.roomIdleMillis()) {
            expired = true;
            host.forget(this);
            engine.close(name);
        }
    }

    /** A frame for {@code m} alone, such as an error about its last frame. */
    void reply(Member m, OutboundFrame frame) {
        deliver(m, frame);
    }

    private void deliver(Member m, OutboundFrame frame) {
        turns.deliver(m, frame);
    }

    /** To every member that has its welcome (a later welcome shows the state this frame changes). */
    private void toAll(OutboundFrame frame) {
        for (Member m : members) {
            if (m.welcomed()) {
                deliver(m, frame);
            }
        }
    }

    private void flushPresence() {
        if (!presence.isEmpty()) {
            toAll(presence.drain(members.size()));
        }
    }

}
