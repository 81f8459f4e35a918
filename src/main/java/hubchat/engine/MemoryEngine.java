package hubchat.engine;

import hubchat.protocol.ChatMessage;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The engine of one node: each room's recent messages in memory, bounded by a count and by
 * bytes, delivered to the room at once, within the append. Message ids have the form
 * {@code <instance>-<number>}; the instance part (the epoch) is new at every start (start time
 * plus randomness), so an id from before a restart never matches a newer message. A room's
 * history is dropped once the room is closed and has had no message for the idle time.
 */
public final class MemoryEngine implements Engine {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int maxMessages;
    private final long maxBytes;
    private final long idleMillis;
    private final LongSupplier clock;
    private final String instance;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, RoomLog> rooms = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    public MemoryEngine(int maxMessages, long maxBytes, long idleMillis, LongSupplier clock) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.idleMillis = idleMillis;
        this.clock = clock;
        this.instance = Long.toString(clock.getAsLong(), 36) + Integer.toString(RANDOM.nextInt(36 * 36 * 36), 36);
        this.lastSweep = clock.getAsLong();
    }

    @Override
    public void open(String room, Feed feed) {
        while (true) {
            RoomLog log = log(room);
            synchronized (log) {
                if (rooms.get(room) == log) { // not dropped since it was looked up
                    log.feed(feed);
                    break;
                }
            }
        }
        sweepIfDue();
    }

    @Override
    public void close(String room) {
        RoomLog log = rooms.get(room);
        if (log != null) {
            synchronized (log) {
                log.feed(null);
            }
            dropIfIdle(room, log, clock.getAsLong());
        }
    }

    @Override
    public boolean deliversAtOnce() {
        return true;
    }

    @Override
    public CompletionStage<Appended> append(String room, String sender, String senderId, String origin, String text,
            String cid) {
        while (true) {
            RoomLog log = log(room);
            synchronized (log) {
                if (rooms.get(room) == log) { // not dropped since it was looked up
                    return append(log, room, sender, senderId, origin, text, cid);
                }
            }
        }
    }

    /** The append itself, under {@code log}'s lock. */
    private CompletionStage<Appended> append(RoomLog log, String room, String sender, String senderId, String origin,
            String text, String cid) {
        Stored earlier = log.cids().find(sender, senderId, cid);
        if (earlier != null) {
            return CompletableFuture.completedFuture(new Appended(earlier, true));
        }
        long id = ids.incrementAndGet();
        long now = clock.getAsLong();
        ChatMessage m;
        try {
            // Made before anything is kept: a message whose frame cannot be made throws here.
            m = new ChatMessage(instance + "-" + Long.toString(id, 36), room, sender, senderId, text, now);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Stored stored = new Stored(m, instance, log.nextSeq(), origin, cid);
        log.add(id, stored, now, maxMessages, maxBytes);
        Engine.Feed feed = log.feed();
        if (feed != null) {
            feed.deliver(stored); // under the lock: deliveries keep the order of the appends
        }
        return CompletableFuture.completedFuture(new Appended(stored, false));
    }

    @Override
    public CompletionStage<History> latest(String room, int limit) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return CompletableFuture.completedFuture(new History(List.of(), instance, 0));
        }
        synchronized (log) {
            return CompletableFuture.completedFuture(new History(log.lastBefore(Long.MAX_VALUE, limit), instance, log.seq()));
        }
    }

    @Override
    public CompletionStage<Optional<History>> after(String room, String id) {
        RoomLog log = rooms.get(room);
        long n = numberOf(id);
        if (log == null || n < 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        synchronized (log) {
            return CompletableFuture.completedFuture(log.contains(n)
                    ? Optional.of(new History(log.after(n), instance, log.seq())) : Optional.empty());
        }
    }

    @Override
    public CompletionStage<History> before(String room, String id, int limit) {
        RoomLog log = rooms.get(room);
        long n = numberOf(id);
        if (log == null || n < 0) {
            return CompletableFuture.completedFuture(new History(List.of(), instance, 0));
        }
        synchronized (log) {
            List<ChatMessage> page = log.contains(n) ? log.lastBefore(n, limit) : List.of();
            return CompletableFuture.completedFuture(new History(page, instance, log.seq()));
        }
    }

    private RoomLog log(String room) {
        return rooms.computeIfAbsent(room, r -> new RoomLog());
    }

    /** Drops the logs of closed rooms idle for the idle time; at most every quarter of it. */
    private void sweepIfDue() {
        long now = clock.getAsLong();
        if (now - lastSweep < idleMillis / 4) {
            return;
        }
        lastSweep = now;
        rooms.forEach((room, log) -> dropIfIdle(room, log, now));
    }

    private void dropIfIdle(String room, RoomLog log, long now) {
        synchronized (log) {
            if (log.feed() == null && now - log.lastAppend() >= idleMillis) {
                rooms.remove(room, log);
            }
        }
    }

    /** The number in one of this instance's ids, or -1 for any other string. */
    private long numberOf(String id) {
        if (id == null || !id.startsWith(instance) || id.length() <= instance.length() + 1
                || id.charAt(instance.length()) != '-') {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(instance.length() + 1), 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
