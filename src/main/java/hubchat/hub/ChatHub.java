package hubchat.hub;

import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.logging.ClientFailureLog;
import hubchat.metrics.ChatMetrics;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.Disconnect;
import hubchat.protocol.FrameParser;
import hubchat.protocol.Frames;
import hubchat.protocol.ProtocolException;
import hubchat.roster.LocalRoster;
import hubchat.roster.Roster;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The hub: takes every client event from the WebSocket endpoint and routes it to the client's
 * room, where it is handled in order. The endpoint is a thin adapter over it, and nothing here
 * needs a container: the application's wiring ({@code hubchat.app}) gives it its settings,
 * engine, executors and time, and tests give it theirs.
 *
 * <p>Threads: the public methods are called on the container's threads and only parse and
 * enqueue; rooms do the work on the hub's executors (see {@link Room}). No method blocks on a
 * client.
 */
public class ChatHub {
    /** The close code of a goodbye that gave none. */
    private static final int NORMAL_CLOSURE = 1000;
    /** How often empty rooms are checked for expiry, at most. */
    private static final long MAX_SWEEP_MILLIS = 60_000;

    private final Settings settings;
    private final HubExecutors executors;
    private final Timekeeper time;
    private final Members members;
    private final Rooms rooms;
    /** Heap that text messages arriving in parts may hold until their last part, all connections together. */
    private final MemoryBudget unfinishedText;
    /** Who a client is and whether it may come in, asked before it joins. */
    private final Entrance entrance;
    private final ChatMetrics metrics;
    /** Where ends and refusals are counted and logged. */
    private final Reports reports;
    private final Lifecycle life;

    /** For CDI's client proxy only, which forwards every call to the hub the wiring made. */
    protected ChatHub() {
        settings = null;
        executors = null;
        time = null;
        members = null;
        rooms = null;
        unfinishedText = null;
        entrance = null;
        metrics = null;
        reports = null;
        life = null;
    }

    /** A hub of one node alone: see {@link #ChatHub(Settings, Engine, Roster, HubExecutors, Timekeeper)}. */
    public ChatHub(Settings settings, Engine engine, HubExecutors executors, Timekeeper time) {
        this(settings, engine, new LocalRoster(), executors, time);
    }

    /** A hub with metrics of its own: see {@link #ChatHub(Settings, Engine, Roster, HubExecutors, Timekeeper, ChatMetrics)}. */
    public ChatHub(Settings settings, Engine engine, Roster roster, HubExecutors executors, Timekeeper time) {
        this(settings, engine, roster, executors, time, new ChatMetrics());
    }

    /** A running hub, counting into {@code metrics}: its periodic sweeps start at once. */
    public ChatHub(Settings settings, Engine engine, Roster roster, HubExecutors executors, Timekeeper time,
            ChatMetrics metrics) {
        this.settings = settings;
        this.executors = executors;
        this.time = time;
        this.metrics = metrics;
        this.reports = new Reports(metrics, time);
        this.members = new Members(time, settings.pingMillis(), reports);
        this.rooms = new Rooms(settings, engine, roster, executors, time, members, metrics);
        this.unfinishedText = new MemoryBudget(settings.unfinishedTextBytes());
        this.entrance = new Entrance(settings, time, reports);
        this.life = new Lifecycle(engine, members, executors, new Drain(members, time, settings.drainMillis()));
        time.every(() -> members.checkLiveness(this::lost), settings.pingMillis() / 2);
        time.every(rooms::expireIdle, Math.min(settings.roomIdleMillis(), MAX_SWEEP_MILLIS));
        time.every(ClientFailureLog.SHARED::flush, ClientFailureLog.INTERVAL_MILLIS);
        metrics.watch(new HubGauges(members, rooms, this::isReady));
    }

    /**
     * Starts the drain before a stop (see {@link Drain}): from now on the hub is not ready and
     * refuses joins; each connection is closed with 1001 {@code restarting} once what is queued
     * for it is written, or at the drain timeout. Returns at once; the stage completes when
     * every connection is closed. Once, however often called.
     */
    public CompletableFuture<Void> drain() {
        return life.drain();
    }

    /** True from the start of the drain: handshakes are refused (503) and joins closed. */
    public boolean isDraining() {
        return life.draining();
    }

    /**
     * Drains (see {@link #drain}), waits for it to end, at most the drain timeout (and a little,
     * should the hub's timer not run), closes whoever is left, and stops the hub's own threads
     * and what it was given to close; once, however often called.
     */
    public void stop() {
        life.stop();
    }

    /** Closes {@code resource} when the hub stops, after its connections (in the order given). */
    public ChatHub closingAtStop(AutoCloseable resource) {
        life.closingAtStop(resource);
        return this;
    }

    /**
     * Whether the hub can serve chat now: false while its engine cannot store messages (a
     * shared store out of reach), while draining, and once stopped. Connections stay open
     * while the engine is away; posts are answered unavailable.
     */
    public boolean isReady() {
        return readiness().ready();
    }

    /** {@link #isReady}, and if not, why (see {@link Readiness}). */
    public Readiness readiness() {
        return life.readiness();
    }

    /** A new client in {@code room} with no resume secret: see {@link #join(Transport, String, String, String, String)}. */
    public Member join(Transport transport, String room, String nick, String since) {
        return join(transport, room, nick, since, null);
    }

    /**
     * A new client in {@code room} (already validated). Returns at once; the room sends the
     * welcome on its own thread. {@code nick}, {@code since} and {@code resume} may be null. A
     * {@code resume} secret that opens a seat of this room takes that seat (its nick, and the
     * place of the connection that held it); any other is ignored and the join is an ordinary one.
     */
    public Member join(Transport transport, String room, String nick, String since, String resume) {
        return join(transport, room, nick, since, resume, Admitted.UNKNOWN);
    }

    /**
     * A new client, as {@link #join(Transport, String, String, String, String)}, that a handshake
     * check {@code admitted}: a new room it would make counts toward its address's allowance
     * ({@code CHAT_NEW_ROOMS_PER_MINUTE}), and {@link Admitted#released} runs once the hub lets
     * go of it (at once if it is refused here).
     */
    public Member join(Transport transport, String room, String nick, String since, String resume, Admitted admitted) {
        Connection connection = new Connection(transport, settings.sendQueueBytes(), executors::write, executors::close);
        long now = time.now();
        Member m = new Member(connection, room, nick, since, resume, admitted, now, RateLimits.of(settings, now));
        if (life.refusesJoins()) {
            admitted.released().run();
            m.connection().close(Drain.CAUSE);
            Disconnect cause = m.connection().cause();
            reports.ended(m, cause, cause.code()); // never a member: its end is reported here
            return m;
        }
        members.add(m);
        rooms.enter(m);
        return m;
    }

    /** A text frame from {@code m}: parsed here, handled in order by its room. */
    public void receive(Member m, String text) {
        receive(m, text, 0);
    }

    /**
     * The last part of a text message from {@code m}, joined with its {@code earlierParts}
     * earlier parts, each of which {@link #receivePart} counted: the message then counts for
     * all of its parts toward the flood limit until its room has handled it.
     */
    public void receive(Member m, String text, int earlierParts) {
        Room room = m.room();
        if (room == null || !receivePart(m)) {
            return;
        }
        Runnable event;
        try {
            ClientFrame frame = FrameParser.parse(text);
            event = () -> room.handle(m, frame);
        } catch (ProtocolException e) {
            event = () -> {
                if (m.limits().malformed(m, time.now())) {
                    room.replyError(m, e.code(), Frames.error(e.code(), e.getMessage()));
                }
            };
        }
        Runnable handle = event;
        int parts = earlierParts + 1;
        room.submit(() -> {
            m.pendingFrames().addAndGet(-parts);
            handle.run();
        });
    }

    /**
     * A part of a text message from {@code m} that more parts will follow. It counts toward the
     * flood limit like a frame waiting to be handled, until the whole message has been handled,
     * so that no run of fragments is free. Returns false if it closed the connection (1008).
     */
    public boolean receivePart(Member m) {
        m.heard(time.now());
        if (m.pendingFrames().incrementAndGet() > settings.maxPendingFrames()) {
            m.connection().close(Disconnect.FLOOD);
            return false;
        }
        return true;
    }

    /** Any sign of life from {@code m}, such as a pong. */
    public void heard(Member m) {
        m.heard(time.now());
    }

    /** A pong from {@code m}: a sign of life, and perhaps a read receipt (see {@link Connection#pong}). */
    public void pong(Member m, ByteBuffer payload) {
        m.heard(time.now());
        m.connection().pong(payload);
    }

    /** {@link #leave(Member, int)} with the normal close code. */
    public void leave(Member m) {
        leave(m, NORMAL_CLOSURE);
    }

    /**
     * The socket of {@code m} is closed after a close frame from the client, with
     * {@code closeCode}: it said goodbye, so its nick is free at once. Unless the hub had closed
     * it first (ping timeout, slow consumer...): then the client did not choose to go and its
     * seat is held, as in {@link #lost}.
     */
    public void leave(Member m, int closeCode) {
        gone(m, m.connection().isClosed(), Disconnect.CLIENT_CLOSED, closeCode);
    }

    /**
     * The socket of {@code m} ended without a close frame from the client (its network broke):
     * its seat is held, so that the client can resume it with its secret.
     */
    public void lost(Member m) {
        gone(m, true, Disconnect.CONNECTION_LOST, Members.NO_CLOSE_FRAME);
    }

    private void gone(Member m, boolean holdSeat, Disconnect ifNone, int closeCode) {
        m.connection().closed();
        if (members.remove(m, ifNone, closeCode)) {
            Room room = m.room();
            if (room != null) {
                room.submit(() -> room.leave(m, holdSeat));
            }
        }
    }

    /**
     * The endpoint closes {@code m}'s socket itself for {@code cause} (a frame too big, a binary
     * frame...): the cause its end is reported with, when the container reports the close.
     */
    public void closing(Member m, Disconnect cause) {
        m.connection().ending(cause);
    }

    /** The metrics this hub counts into. */
    public ChatMetrics metrics() {
        return metrics;
    }

    public Settings settings() {
        return settings;
    }

    /** The memory all unfinished text messages (those arriving in parts) share. */
    public MemoryBudget unfinishedText() {
        return unfinishedText;
    }

    /** Who a client is and whether it may come in: the handshake filter and the endpoint ask it. */
    public Entrance entrance() {
        return entrance;
    }

    /** The hub's timer thread, which the endpoint lends to a container's per-session timers. */
    public ScheduledExecutorService timer() {
        return executors.timer();
    }

    /** "managed" or "own": whose threads the hub's pools run on. */
    public String executorKind() {
        return executors.kind();
    }

    public int roomCount() {
        return rooms.count();
    }

    public int connectionCount() {
        return members.count();
    }
}
