package hubchat.hub;

import hubchat.engine.Stored;
import hubchat.identity.Identity;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection of a client in one room: its {@link Connection}, the {@link Seat} it sits in
 * (which gives it its nick, and may outlive it), and the bookkeeping the hub needs for liveness,
 * flood control and rate limits. The endpoint holds it as its handle on the hub.
 *
 * <p>{@code seat} is read and written only on the room's thread; the other fields are safe
 * from any thread. {@code resume} is a credential: never log it.
 */
public final class Member {
    private final Connection connection;
    private final String roomName;
    private final String requestedNick;
    private final String since;
    private final String resume;
    private final Admitted admitted;
    /** Numbers connections, so that the connections of one seat have origins of their own. */
    private static final AtomicLong SERIALS = new AtomicLong();

    private final long serial = SERIALS.incrementAndGet();
    /** When the hub took the connection (the hub's clock), for how long it lasted. */
    private final long connectedAt;
    /** The nick of its seat as last set, readable from any thread (for the connection log); null until seated. */
    private volatile String lastNick;
    private final AtomicInteger pendingFrames = new AtomicInteger();
    /** Its rate limits; room thread only. */
    private final RateLimits limits;
    private volatile long lastHeard;
    private volatile Room room;
    private Seat seat;
    /** The room position its welcome ended at (epoch and seq); seq -1 until the welcome is sent. Room thread only. */
    private String welcomedEpoch;
    private long welcomedAt = -1;

    Member(Connection connection, String roomName, String requestedNick, String since, String resume, Admitted admitted,
            long now, RateLimits limits) {
        this.connection = connection;
        this.roomName = roomName;
        this.requestedNick = requestedNick;
        this.since = since;
        this.resume = resume;
        this.admitted = admitted;
        this.lastHeard = now;
        this.connectedAt = now;
        this.limits = limits;
    }

    public Connection connection() {
        return connection;
    }

    public String roomName() {
        return roomName;
    }

    /** What the handshake knew of this connection: its client's address, and what to run when it ends. */
    Admitted admitted() {
        return admitted;
    }

    /** The user the handshake proved; null when the server does not check identity. */
    public Identity identity() {
        return admitted.identity();
    }

    /** The room that has (or is about to take) this member; null if it was refused. */
    Room room() {
        return room;
    }

    void room(Room room) {
        this.room = room;
    }

    String requestedNick() {
        return requestedNick;
    }

    String since() {
        return since;
    }

    /** The resume secret the client came with, or null. */
    String resume() {
        return resume;
    }

    /** The seat, null until the room has taken the join. Room thread only. */
    Seat seat() {
        return seat;
    }

    void seat(Seat seat) {
        this.seat = seat;
    }

    /** Records the nick its seat has now, for {@link #lastNick}. Room thread only. */
    void showNick() {
        lastNick = nick();
    }

    /** The nick it had when last seated or renamed, from any thread; null if it never took a seat. */
    String lastNick() {
        return lastNick;
    }

    long connectedAt() {
        return connectedAt;
    }

    /** The nick in use (its seat's), null until the room has taken the join. Room thread only. */
    String nick() {
        return seat == null ? null : seat.nick();
    }

    /**
     * Where this member's messages come from, to the engine, which hands it back with each so
     * that the sender's own copy (the one with its cid) finds it: its seat's key, which a resume
     * keeps, so a message sent before a connection dropped is acknowledged on the one that took
     * the seat back; for a user with an identity, whose seat may have several connections, that
     * key and this connection. Room thread only, once seated.
     */
    String origin() {
        return identity() == null ? seat.key() : seat.key() + "~" + serial;
    }

    boolean welcomed() {
        return welcomedAt >= 0;
    }

    /**
     * True if the delivered message {@code s} comes after this member's welcome: a later seq of
     * the welcome's epoch, or any message of another epoch (the engine started a new one after
     * the welcome's history was read, so nothing of it was in that history).
     */
    boolean follows(Stored s) {
        return welcomedAt >= 0 && (s.seq() > welcomedAt || !s.epoch().equals(welcomedEpoch));
    }

    void welcomedAt(String epoch, long seq) {
        welcomedEpoch = epoch;
        welcomedAt = seq;
    }

    /** The connection's rate limits. Room thread only. */
    RateLimits limits() {
        return limits;
    }

    AtomicInteger pendingFrames() {
        return pendingFrames;
    }

    long lastHeard() {
        return lastHeard;
    }

    void heard(long now) {
        lastHeard = now;
    }
}
