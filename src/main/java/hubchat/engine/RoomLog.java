package hubchat.engine;

import hubchat.protocol.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One room's retained messages in the memory engine, oldest first, bounded by a count and by
 * bytes, with the room's dense sequence, its cid memory and the feed of the node (if open).
 * Callers hold the log's lock: appends from any thread keep one order.
 */
final class RoomLog {
    private record Entry(long id, Stored stored, int bytes) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final CidMemory cids = new CidMemory();
    private long bytes;
    private long seq;
    private long lastAppend;
    private Engine.Feed feed;

    /** The next sequence number of this room (dense from 1). */
    long nextSeq() {
        return seq + 1;
    }

    long seq() {
        return seq;
    }

    Engine.Feed feed() {
        return feed;
    }

    void feed(Engine.Feed feed) {
        this.feed = feed;
    }

    long lastAppend() {
        return lastAppend;
    }

    CidMemory cids() {
        return cids;
    }

    void add(long id, Stored s, long now, int maxMessages, long maxBytes) {
        Entry e = new Entry(id, s, s.message().frame().bytes());
        seq = s.seq();
        lastAppend = now;
        entries.addLast(e);
        bytes += e.bytes;
        cids.remember(s);
        while (entries.size() > maxMessages || (bytes > maxBytes && entries.size() > 1)) {
            bytes -= entries.removeFirst().bytes;
        }
    }

    /** True if a message with global {@code id} is retained. */
    boolean contains(long id) {
        if (entries.isEmpty() || id < entries.getFirst().id || id > entries.getLast().id) {
            return false;
        }
        for (Entry e : entries) {
            if (e.id == id) {
                return true;
            }
        }
        return false;
    }

    List<ChatMessage> after(long id) {
        List<ChatMessage> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.id > id) {
                out.add(e.stored.message());
            }
        }
        return out;
    }

    List<ChatMessage> lastBefore(long id, int limit) {
        ArrayDeque<ChatMessage> out = new ArrayDeque<>(Math.min(limit, entries.size()));
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            Entry e = it.next();
            if (e.id < id) {
                out.addFirst(e.stored.message());
            }
        }
        return new ArrayList<>(out);
    }
}
