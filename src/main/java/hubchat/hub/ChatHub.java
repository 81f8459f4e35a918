package hubchat.hub;

import hubchat.admission.Admissions;
import hubchat.admission.ClientAddresses;
import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.identity.IdentityCheck;
import hubchat.logging.ClientFailureLog;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.Disconnect;
import hubchat.protocol.FrameParser;
import hubchat.protocol.Frames;
import hubchat.protocol.ProtocolException;
import hubchat.roster.LocalRoster;
import hubchat.roster.Roster;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(ChatHub.class.getName());
    /** How often empty rooms are checked for expiry, at most. */
    private static final long MAX_SWEEP_MILLIS = 60_000;
    /** How long past the drain timeout a stop waits for the drain, in case the hub's timer cannot run it. */
    private static final long DRAIN_GRACE_MILLIS = 1_000;

    private final Settings settings;
    private final HubExecutors executors;
    private final Timekeeper time;
    private final Members members;
    private final Rooms rooms;
    /** Heap that text messages arriving in parts may hold until their last part, all connections together. */
    private final MemoryBudget unfinishedText;
    private final Engine engine;
    /** Open connections per client address and in all, counted by the handshake filter. */
    private final Admissions admissions;
    private final ClientAddresses clientAddresses;
    /** Who may connect: anyone, token holders, or the container's logged-in users. */
    private final IdentityCheck identities;
    private final List<AutoCloseable> closeAtStop = new CopyOnWriteArrayList<>();
    private final Drain drain;
    private volatile boolean stopped;
    /** Whether the engine has been reachable since the hub was made: until then the hub is starting. */
    private volatile boolean engineReached;

    /** For CDI's client proxy only, which forwards every call to the hub the wiring made. */
    protected ChatHub() {
        settings = null;
        executors = null;
        time = null;
        members = null;
        rooms = null;
        unfinishedText = null;
        engine = null;
        admissions = null;
        clientAddresses = null;
        identities = null;
        drain = null;
    }

    /** A hub of one node alone: see {@link #ChatHub(Settings, Engine, Roster, HubExecutors, Timekeeper)}. */
    public ChatHub(Settings settings, Engine engine, HubExecutors executors, Timekeeper time) {
        this(settings, engine, new LocalRoster(), executors, time);
    }

    /** A running hub: its periodic sweeps start at once. */
    public ChatHub(Settings settings, Engine engine, Roster roster, HubExecutors executors, Timekeeper time) {
        this.settings = settings;
        this.engine = engine;
        this.executors = executors;
        this.time = time;
        this.members = new Members(time, settings.pingMillis());
        this.rooms = new Rooms(settings, engine, roster, executors, time, members);
        this.unfinishedText = new MemoryBudget(settings.unfinishedTextBytes());
        this.clientAddresses = new ClientAddresses(settings.trustedProxies());
        this.identities = IdentityCheck.of(settings);
        this.admissions = new Admissions(settings.maxConnectionsPerAddress(), settings.maxConnections(), time::now);
        this.drain = new Drain(members, time, settings.drainMillis());
        time.every(() -> members.checkLiveness(this::lost), settings.pingMillis() / 2);
        time.every(rooms::expireIdle, Math.min(settings.roomIdleMillis(), MAX_SWEEP_MILLIS));
        time.every(ClientFailureLog.SHARED::flush, ClientFailureLog.INTERVAL_MILLIS);
    }

    /**
     * Starts the drain before a stop (see {@link Drain}): from now on the hub is not ready and
     * refuses joins; each connection is closed with 1001 {@code restarting} once what is queued
     * for it is written, or at the drain timeout. Returns at once; the stage completes when
     * every connection is closed. Once, however often called.
     */
    public CompletableFuture<Void> drain() {
        return drain.start();
    }

    /** True from the start of the drain: handshakes are refused (503) and joins closed. */
    public boolean isDraining() {
        return drain.started();
    }

    /**
     * Drains (see {@link #drain}), waits for it to end, at most the drain timeout (and a little,
     * should the hub's timer not run), closes whoever is left, and stops the hub's own threads
     * and what it was given to close; once, however often called.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        try {
            drain().get(drain.timeoutMillis() + DRAIN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warning("the drain did not end within " + drain.timeoutMillis() + " ms: closing every connection now");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
        members.closeAll(Drain.CAUSE); // a join that raced the drain's start
        executors.shutdown();
        for (AutoCloseable resource : closeAtStop) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + resource + " at stop failed", e);
            }
        }
    }

    /** Closes {@code resource} when the hub stops, after its connections (in the order given). */
    public ChatHub closingAtStop(AutoCloseable resource) {
        closeAtStop.add(resource);
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
        if (stopped) {
            return Readiness.not(Readiness.STOPPED);
        }
        if (drain.started()) {
            return Readiness.not(Readiness.DRAINING);
        }
        if (engine.isAvailable()) {
            engineReached = true;
            return Readiness.READY;
        }
        return new Readiness(false, engineReached ? Readiness.ENGINE_UNAVAILABLE : Readiness.STARTING, engine.kind());
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
        if (drain.started() || stopped) {
            admitted.released().run();
            m.connection().close(Drain.CAUSE);
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
                    room.reply(m, Frames.error(e.code(), e.getMessage()));
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

    /**
     * The socket of {@code m} is closed after a close frame from the client: it said goodbye,
     * so its nick is free at once. Unless the hub had closed it first (ping timeout, slow
     * consumer...): then the client did not choose to go and its seat is held, as in {@link #lost}.
     */
    public void leave(Member m) {
        gone(m, m.connection().isClosed());
    }

    /**
     * The socket of {@code m} ended without a close frame from the client (its network broke):
     * its seat is held, so that the client can resume it with its secret.
     */
    public void lost(Member m) {
        gone(m, true);
    }

    private void gone(Member m, boolean holdSeat) {
        m.connection().closed();
        if (members.remove(m)) {
            Room room = m.room();
            if (room != null) {
                room.submit(() -> room.leave(m, holdSeat));
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    /** The memory all unfinished text messages (those arriving in parts) share. */
    public MemoryBudget unfinishedText() {
        return unfinishedText;
    }

    /** The open connections per client address and in all, which the handshake filter admits. */
    public Admissions admissions() {
        return admissions;
    }

    /** Who the client of a handshake is (its address, behind trusted proxies the one they name). */
    public ClientAddresses clientAddresses() {
        return clientAddresses;
    }

    /** Who may connect, and as whom: the handshake filter and the endpoint ask it. */
    public IdentityCheck identities() {
        return identities;
    }

    /** "managed" or "own": which executor the hub runs on. */
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
