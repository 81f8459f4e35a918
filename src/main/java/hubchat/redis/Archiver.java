package hubchat.redis;

import hubchat.archive.Archive;
import hubchat.engine.EngineUnavailableException;
import io.lettuce.core.ScoredValue;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A node's archiver: moves every message of a chat on Redis into its {@link Archive} (a
 * database), each exactly once, on one thread of its own, so that nothing the live chat does
 * ever waits for the database.
 *
 * <p>Each room's messages wait in its archive stream ({@link ArchiveStreams}) until an archiver
 * has stored them and deleted them there. Archivers of every node share one consumer group per
 * stream, each under a name of its own (new at every start): an archiver takes a batch (its own
 * unfinished entries first, then entries another archiver took more than {@link #CLAIM_IDLE_MILLIS}
 * ago without finishing, a node that died or hangs, then new ones), stores it, and only once the
 * database committed deletes it. A batch stored whose deletion was lost (the node died, Redis
 * failed over) is taken again and stored again, which the archive makes harmless: it keys each
 * message by its id and stores it once.
 *
 * <p>It archives the rooms this node appended to as soon as it can, and every
 * {@link #SWEEP_MILLIS} walks every registered room, of every node, which is how what a dead node
 * left behind is archived. While the database (or Redis) is out of reach it tries again every
 * {@link #RETRY_MILLIS}; the messages wait in Redis meanwhile, and their streams grow.
 */
public final class Archiver implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Archiver.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Most entries stored in one database transaction. */
    static final int BATCH = 200;
    /** Batches of one room in a row before other rooms get their turn. */
    private static final int BATCHES_IN_A_ROW = 10;
    /** How often every registered room is looked at. */
    static final long SWEEP_MILLIS = 5_000;
    /**
     * How long entries taken by an archiver stay its own before another takes them over: far
     * longer than a batch takes with a healthy database, so that a live archiver is rarely
     * overtaken (which would only cost a second, harmless store).
     */
    static final long CLAIM_IDLE_MILLIS = 30_000;
    /** The pause after Redis or the database failed, before trying again. */
    static final long RETRY_MILLIS = 1_000;
    /** Longest wait for one answer of Redis: beyond the connection's own command timeout. */
    private static final long ANSWER_MILLIS = 10_000;
    /** Rooms read from the registry at once. */
    private static final int REGISTRY_PAGE = 500;
    /** Longest a stop waits for the batch in hand. */
    private static final long STOP_MILLIS = 10_000;
    /** Wakes the thread to stop: no room has an empty name. */
    private static final String STOP = "";

    private final RedisConnections redis;
    private final ArchiveStreams streams;
    private final Archive archive;
    private final long sweepMillis;
    private final long claimIdleMillis;
    /** This archiver's name in every room's consumer group. */
    private final String consumer = "archiver-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
    private final LinkedBlockingQueue<String> appendedRooms = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stopping;
    /** Whether the last attempt failed (only the archiver's thread uses it): an outage is logged once. */
    private boolean failing;

    /** An archiver into {@code archive} on the node's {@code redis}, started at once. */
    public Archiver(RedisConnections redis, Archive archive) {
        this(redis, archive, SWEEP_MILLIS, CLAIM_IDLE_MILLIS, ArchiveStreams.GRACE_MILLIS);
    }

    /** As {@link #Archiver(RedisConnections, Archive)}, with its sweep, claim and grace times (tests shorten them). */
    Archiver(RedisConnections redis, Archive archive, long sweepMillis, long claimIdleMillis, long graceMillis) {
        this.redis = redis;
        this.streams = new ArchiveStreams(redis, graceMillis);
        this.archive = archive;
        this.sweepMillis = sweepMillis;
        this.claimIdleMillis = claimIdleMillis;
        this.thread = new Thread(this::run, "hubchat-archiver");
        thread.setDaemon(true);
        thread.start();
    }

    /** The archive it writes to, which pages older than Redis' history read. */
    Archive archive() {
        return archive;
    }

    /** The Redis side, through which the engine appends archived messages. */
    ArchiveStreams streams() {
        return streams;
    }

    /** {@code room} got a message from this node: archive it soon. */
    void appended(String room) {
        if (queued.add(room)) {
            appendedRooms.add(room);
        }
    }

    /** Stops the thread once the batch in hand is done; what waits stays in Redis for the next archiver. */
    @Override
    public void close() {
        stopping = true;
        appendedRooms.add(STOP);
        try {
            thread.join(STOP_MILLIS);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STOP_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long nextSweep = System.nanoTime();
        while (!stopping) {
            try {
                if (!redis.isConnected()) { // not yet, or Redis is away: its connections say so in the log
                    Thread.sleep(RETRY_MILLIS);
                    continue;
                }
                long wait = nextSweep - System.nanoTime();
                String room = wait > 0 ? appendedRooms.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (room != null && !room.equals(STOP)) {
                    queued.remove(room);
                    drain(room);
                }
                if (System.nanoTime() - nextSweep >= 0 && !stopping) {
                    sweep();
                    nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sweepMillis);
                }
                archive.maintain();
                if (failing) {
                    failing = false;
                    LOG.info("Archiving again");
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.log(e instanceof EngineUnavailableException ? Level.WARNING : Level.SEVERE,
                            "Cannot archive now (" + e.getMessage() + "); messages wait in Redis, trying again every "
                                    + RETRY_MILLIS + " ms", e instanceof EngineUnavailableException ? null : e);
                }
                nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
            }
        }
    }

    /** Every registered room: its waiting messages archived; a room where nothing waited for long, forgotten. */
    private void sweep() throws InterruptedException {
        long now = await(streams::now);
        for (long from = 0; !stopping; from += REGISTRY_PAGE) {
            long start = from;
            List<ScoredValue<String>> page = await(() -> streams.registered(start, REGISTRY_PAGE));
            for (ScoredValue<String> registered : page) {
                String room = registered.getValue();
                if (!drain(room) && registered.getScore() < now - streams.graceMillis()) {
                    await(() -> streams.forget(room));
                }
            }
            if (page.size() < REGISTRY_PAGE) {
                return;
            }
        }
    }

    /** Archives what waits in {@code room}'s stream (a few batches; more at its next turn); whether anything did. */
    private boolean drain(String room) throws InterruptedException {
        for (int i = 0; i < BATCHES_IN_A_ROW && !stopping; i++) {
            ArchiveStreams.Batch batch = await(() -> streams.take(room, consumer, BATCH, claimIdleMillis));
            if (batch.ids().isEmpty()) {
                return i > 0;
            }
            if (!batch.messages().isEmpty()) {
                archive.store(room, batch.messages()); // committed, or it throws and the batch stays this archiver's
            }
            await(() -> streams.done(room, batch.ids()));
        }
        appended(room); // more may wait: after the other rooms' turns
        return true;
    }

    /** Redis' answer to {@code command}; {@link EngineUnavailableException} if it cannot be sent or gets none. */
    private static <T> T await(Supplier<CompletionStage<T>> command) throws InterruptedException {
        try {
            return RedisConnections.failFast(command).toCompletableFuture().get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EngineUnavailableException("Redis did not answer: " + cause, cause);
        }
    }
}
