package hubchat.engine;

import hubchat.protocol.ChatMessage;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps each room's recent messages in memory, bounded by a count and by bytes, and hands out
 * message ids of the form {@code <instance>-<sequence>}. The instance part is new at every
 * start (start time plus randomness), so an id from before a restart never matches a newer
 * message.
 */
public final class MemoryEngine implements Engine {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int maxMessages;
    private final long maxBytes;
    private final LongSupplier clock;
    private final String instance;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, RoomHistory> rooms = new ConcurrentHashMap<>();

    public MemoryEngine(int maxMessages, long maxBytes, LongSupplier clock) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.instance = Long.toString(clock.getAsLong(), 36) + Integer.toString(RANDOM.nextInt(36 * 36 * 36), 36);
    }

    @Override
    public ChatMessage append(String room, String from, String text) {
        long seq = sequence.incrementAndGet();
        // Made before anything is kept: a message whose frame cannot be made throws here.
        ChatMessage m = new ChatMessage(instance + "-" + Long.toString(seq, 36), room, from, text, clock.getAsLong());
        rooms.computeIfAbsent(room, r -> new RoomHistory()).add(m, seq);
        return m;
    }

    @Override
    public Optional<List<ChatMessage>> after(String room, String id) {
        RoomHistory h = rooms.get(room);
        long seq = sequenceOf(id);
        if (h == null || seq < 0 || !h.contains(seq)) {
            return Optional.empty();
        }
        List<ChatMessage> out = new ArrayList<>();
        for (Entry e : h.entries) {
            if (e.seq > seq) {
                out.add(e.message);
            }
        }
        return Optional.of(out);
    }

    @Override
    public List<ChatMessage> latest(String room, int limit) {
        RoomHistory h = rooms.get(room);
        return h == null ? List.of() : h.lastBefore(Long.MAX_VALUE, limit);
    }

    @Override
    public List<ChatMessage> before(String room, String id, int limit) {
        RoomHistory h = rooms.get(room);
        long seq = sequenceOf(id);
        if (h == null || seq < 0 || !h.contains(seq)) {
            return List.of();
        }
        return h.lastBefore(seq, limit);
    }

    @Override
    public void forget(String room) {
        rooms.remove(room);
    }

    /** The sequence number of one of this instance's ids, or -1 for any other string. */
    private long sequenceOf(String id) {
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

    private record Entry(long seq, ChatMessage message, int bytes) {
    }

    /** One room's messages, oldest first; touched by one thread at a time (see {@link Engine}). */
    private final class RoomHistory {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long bytes;

        void add(ChatMessage m, long seq) {
            Entry e = new Entry(seq, m, m.frame().bytes());
            entries.addLast(e);
            bytes += e.bytes;
            while (entries.size() > maxMessages || (bytes > maxBytes && entries.size() > 1)) {
                bytes -= entries.removeFirst().bytes;
            }
        }

        boolean contains(long seq) {
            if (entries.isEmpty() || seq < entries.getFirst().seq || seq > entries.getLast().seq) {
                return false;
            }
            for (Entry e : entries) {
                if (e.seq == seq) {
                    return true;
                }
            }
            return false;
        }

        List<ChatMessage> lastBefore(long seq, int limit) {
            ArrayDeque<ChatMessage> out = new ArrayDeque<>(Math.min(limit, entries.size()));
            for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext() && out.size() < limit; ) {
                Entry e = it.next();
                if (e.seq < seq) {
                    out.addFirst(e.message);
                }
            }
            return new ArrayList<>(out);
        }
    }
}
