package hubchat.hub;

import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.engine.MemoryEngine;
import hubchat.logging.ClientFailureLog;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.Disconnect;
import hubchat.protocol.FrameParser;
import hubchat.protocol.Frames;
import hubchat.protocol.ProtocolException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hub: keeps the rooms and their members and routes every client event to its room. The
 * WebSocket endpoint is a thin adapter over it; everything here runs without a container, which
 * is how the unit tests drive it.
 *
 * <p>Threads: {@link #join}, {@link #receive}, {@link #heard}, {@link #leave} and {@link #lost} are called on
 * the container's threads and only parse and enqueue; the rooms do the work on the hub's
 * executor (see {@link Room}). No method blocks on a client.
 */
@ApplicationScoped
public class ChatHub {
    private static final Logger LOG = Logger.getLogger(ChatHub.class.getName());
    /** How often empty rooms are checked for expiry, at most. */
    private static final long MAX_SWEEP_MILLIS = 60_000;
    /** Fewer writes than this per writer thread are not worth splitting a fan-out for. */
    private static final int MIN_WRITES_PER_TASK = 32;

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private Settings settings;
    /** Heap that text messages arriving in parts may hold until their last part, all connections together. */
    private MemoryBudget unfinishedText;
    private Engine engine;
    private HubExecutors executors;
    private LongSupplier clock;
    private volatile boolean stopped;

    /** For CDI; {@link #start()} completes it. */
    protected ChatHub() {
    }

    /** A hub outside any container: for tests and tools. */
    public ChatHub(Settings settings, Engine engine, HubExecutors executors, LongSupplier clock) {
        start(settings, engine, executors, clock);
    }

    @PostConstruct
    void start() {
        Settings s = Settings.fromEnvironment();
        LongSupplier wallClock = System::currentTimeMillis;
        start(s, new MemoryEngine(s.historySize(), s.historyBytes(), wallClock),
                HubExecutors.forContainer(s.hubThreads()), wallClock);
    }

    private void start(Settings settings, Engine engine, HubExecutors executors, LongSupplier clock) {
        this.settings = settings;
        this.unfinishedText = new MemoryBudget(settings.unfinishedTextBytes());
        this.engine = engine;
        this.executors = executors;
        this.clock = clock;
        long ping = settings.pingMillis();
        long sweep = Math.min(settings.roomIdleMillis(), MAX_SWEEP_MILLIS);
        executors.timer().scheduleWithFixedDelay(guarded(this::checkLiveness), ping / 2, ping / 2, TimeUnit.MILLISECONDS);
        executors.timer().scheduleWithFixedDelay(guarded(this::expireIdleRooms), sweep, sweep, TimeUnit.MILLISECONDS);
        long failures = ClientFailureLog.INTERVAL_MILLIS;
        executors.timer().scheduleWithFixedDelay(guarded(ClientFailureLog.SHARED::flush), failures, failures, TimeUnit.MILLISECONDS);
    }

    /** Closes every connection with 1001 and stops the hub's own threads. */
    @PreDestroy
    public void stop() {
        stopped = true;
        for (Member m : members) {
            m.connection().close(Disconnect.SHUTDOWN);
        }
        executors.shutdown();
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
        Connection connection = new Connection(transport, settings.sendQueueBytes(), this::writeLater, this::closeLater);
        Member m = new Member(connection, room, nick, since, resume, now());
        if (stopped) {
            m.connection().close(Disconnect.SHUTDOWN);
            return m;
        }
        members.add(m);
        enterRoom(m);
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
        m.heard(now());
        Room room = m.room();
        if (room == null) {
            return;
        }
        if (m.pendingFrames().incrementAndGet() > settings.maxPendingFrames()) {
            m.connection().close(Disconnect.FLOOD);
            return;
        }
        Runnable event;
        try {
            ClientFrame frame = FrameParser.parse(text);
            event = () -> room.handle(m, frame);
        } catch (ProtocolException e) {
            event = () -> room.reply(m, Frames.error(e.code(), e.getMessage()));
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
        m.heard(now());
        if (m.pendingFrames().incrementAndGet() > settings.maxPendingFrames()) {
            m.connection().close(Disconnect.FLOOD);
            return false;
        }
        return true;
    }

    /** Any sign of life from {@code m}, such as a pong. */
    public void heard(Member m) {
        m.heard(now());
    }

    /** A pong from {@code m}: a sign of life, and perhaps a read receipt (see {@link Connection#pong}). */
    public void pong(Member m, ByteBuffer payload) {
        m.heard(now());
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

    /**
     * {@code m}'s seat went to a resume of it and its connection is being closed: it is no
     * longer counted or watched, and its close, when the container reports it, changes nothing.
     */
    void retire(Member m) {
        members.remove(m);
    }

    /** The application's hub, from CDI: for the container classes CDI does not inject. */
    public static ChatHub current() {
        return CDI.current().select(ChatHub.class).get();
    }

    public Settings settings() {
        return settings;
    }

    /** The memory all unfinished text messages (those arriving in parts) share. */
    public MemoryBudget unfinishedText() {
        return unfinishedText;
    }

    /** "managed" or "own": which executor the hub runs on. */
    public String executorKind() {
        return executors.kind();
    }

    public int roomCount() {
        return rooms.size();
    }

    public int connectionCount() {
        return members.size();
    }

    /** Puts {@code m} in its room, creating the room unless that would pass the room limit. */
    void enterRoom(Member m) {
        Room room = rooms.get(m.roomName());
        if (room == null) {
            if (rooms.size() >= settings.maxRooms()) {
                members.remove(m);
                m.connection().close(Disconnect.ROOM_LIMIT);
                return;
            }
            room = rooms.computeIfAbsent(m.roomName(), name -> new Room(name, this, engine));
        }
        m.room(room);
        Room target = room;
        target.submit(() -> target.join(m));
    }

    void forget(Room room) {
        rooms.remove(room.name(), room);
    }

    long now() {
        return clock.getAsLong();
    }

    void execute(Runnable task) {
        try {
            executors.work().execute(task);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                throw e;
            }
        }
    }

    /**
     * Drains the connections a room turn gave frames to, on the writer threads: split into up
     * to one part per writer thread, so that one room's fan-out uses every core. {@code done}
     * runs once every part is drained (handed to the transport, for an asynchronous one).
     */
    void write(List<Connection> connections, Runnable done) {
        int n = connections.size();
        int parts = Math.max(1, Math.min(executors.writerThreads(), n / MIN_WRITES_PER_TASK));
        AtomicInteger remaining = new AtomicInteger(parts);
        for (int p = 0; p < parts; p++) {
            List<Connection> part = connections.subList(p * n / parts, (p + 1) * n / parts);
            writeLater(() -> {
                try {
                    for (Connection c : part) {
                        c.drain();
                    }
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        done.run();
                    }
                }
            });
        }
    }

    private void writeLater(Runnable task) {
        try {
            executors.writer().execute(task);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                throw e;
            }
        }
    }

    /** Runs a socket close on the closer threads, never on a room's. */
    private void closeLater(Runnable close) {
        try {
            executors.closer().execute(close);
        } catch (RejectedExecutionException e) {
            close.run(); // shutting down: close inline
        }
    }

    void schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            executors.timer().schedule(guarded(task), delay, unit);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                throw e;
            }
        }
    }

    /**
     * Pings members silent for a ping interval; closes those silent for two. One whose
     * connection the hub closed and that is still here two intervals later is let go as lost,
     * so a container that never reports a close cannot keep a member (and its seat) for ever.
     */
    void checkLiveness() {
        long now = now();
        long ping = settings.pingMillis();
        for (Member m : members) {
            long silent = now - m.lastHeard();
            if (silent >= 2 * ping && m.connection().isClosed()) {
                lost(m); // closed here, and the container never said so: let it go all the same
            } else if (silent >= 2 * ping) {
                m.connection().close(Disconnect.PING_TIMEOUT);
            } else if (silent >= ping) {
                m.connection().ping();
            }
        }
    }

    void expireIdleRooms() {
        for (Room room : rooms.values()) {
            room.submit(room::expireIfIdle);
        }
    }

    /** Periodic tasks must survive a failure, or the scheduler silently drops them. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "hub task failed", e);
            }
        };
    }
}
