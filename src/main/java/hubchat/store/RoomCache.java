package hubchat.store;

import hubchat.engine.CidKey;
import hubchat.engine.Engine;
import hubchat.engine.History;
import hubchat.engine.Stored;
import hubchat.protocol.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the store holds in memory of one room: its newest committed messages (bounded by a
 * count and by bytes, so that joins never read the database), the cids of its latest messages
 * by sender ({@link CidKey}: the user id, else the nick; a re-send is answered from here, also
 * after a restart, as they are loaded with the room), the last seq committed, and the node's
 * feed. Only the store's thread changes it, and only with what is committed; any thread may
 * read it. Guarded by itself.
 */
final class RoomCache {
    private record Kept(MessageRow row, ChatMessage message, int bytes) {
    }

    /** {@link #seqOf}: the window does not hold it, but the database may. */
    private static final long BEFORE_WINDOW = -1;
    /** {@link #seqOf}: no message of this room that is kept. */
    private static final long UNKNOWN = -2;

    private final String room;
    private final String epoch;
    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Kept> window = new ArrayDeque<>();
    private final Map<String, MessageRow> cids = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MessageRow> eldest) {
            return size() > Engine.REMEMBERED_CIDS;
        }
    };
    private long bytes;
    private long seq;
    private boolean hasRow;
    /** The window holds every message the database keeps of this room. */
    private boolean complete;
    private Engine.Feed feed;
    private long lastUsed;

    RoomCache(String room, String epoch, int maxMessages, long maxBytes) {
        this.room = room;
        this.epoch = epoch;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Fills the cache from the database: {@code newest} oldest first, and whether they are all it keeps. */
    synchronized void load(long lastSeq, boolean rowExists, List<MessageRow> newest, boolean all) {
        seq = lastSeq;
        hasRow = rowExists;
        complete = all;
        for (MessageRow r : newest) {
            remember(r);
            keep(r);
        }
    }

    synchronized long seq() {
        return seq;
    }

    synchronized boolean hasRow() {
        return hasRow;
    }

    /** The message stored lately under {@code cidKey} ({@link CidKey}), or null (also for a null key). */
    synchronized MessageRow findCid(String cidKey) {
        return cidKey == null ? null : cids.get(cidKey);
    }

    /**
     * Takes a row just committed (the room's next), delivers it to the feed, if open, and
     * returns it as delivered (its frame encoded once, for the feed and the sender's answer).
     */
    synchronized Stored committed(MessageRow r, long now) {
        seq = r.seq();
        remember(r);
        Kept k = keep(r);
        Stored stored = new Stored(k.message, epoch, r.seq(), r.origin(), r.cid());
        if (feed != null) {
            feed.deliver(stored);
        }
        hasRow = true;
        lastUsed = now;
        return stored;
    }

    synchronized void feed(Engine.Feed f, long now) {
        feed = f;
        lastUsed = now;
    }

    /** Closed on this node and unused since {@code before}: its memory may go. */
    synchronized boolean idleSince(long before) {
        return feed == null && lastUsed < before;
    }

    /** Drops from memory what retention deleted from the database for its age. */
    synchronized void forgetSentBefore(long sentBefore) {
        while (!window.isEmpty() && window.peekFirst().row.sentAt() < sentBefore) {
            bytes -= window.removeFirst().bytes;
        }
    }

    /** The newest {@code limit}, or null if the database holds more than the window has. */
    synchronized History latest(int limit) {
        if (window.size() < limit && !complete) {
            return null;
        }
        return new History(last(Long.MAX_VALUE, limit), epoch, seq);
    }

    /**
     * Everything after {@code at}; empty if {@code at} names no message kept here (another
     * message has its seq: it is from a lost past); null if the window does not reach back to it.
     */
    synchronized Optional<History> after(MessageRow.Position at) {
        long atSeq = seqOf(at);
        if (atSeq == BEFORE_WINDOW) {
            return null;
        }
        if (atSeq == UNKNOWN) {
            return Optional.empty();
        }
        List<ChatMessage> out = new ArrayList<>();
        for (Kept k : window) {
            if (k.row.seq() > atSeq) {
                out.add(k.message);
            }
        }
        return Optional.of(new History(out, epoch, seq));
    }

    /** Up to {@code limit} just before {@code at}, or null if the database must be read. */
    synchronized History before(MessageRow.Position at, int limit) {
        long atSeq = seqOf(at);
        if (atSeq == BEFORE_WINDOW) {
            return null;
        }
        if (atSeq == UNKNOWN) {
            return new History(List.of(), epoch, seq);
        }
        List<ChatMessage> page = last(atSeq, limit);
        if (page.size() < limit && !complete) {
            return null;
        }
        return new History(page, epoch, seq);
    }

    /**
     * The seq of the message {@code at} names, if the window holds it; {@link #BEFORE_WINDOW}
     * if it may be older than the window (numbers grow with seqs in a room); else
     * {@link #UNKNOWN}.
     */
    private long seqOf(MessageRow.Position at) {
        Kept first = window.peekFirst();
        if (first == null || at.num() < first.row.num()) {
            return complete ? UNKNOWN : BEFORE_WINDOW;
        }
        for (Kept k : window) {
            if (k.row.is(at)) {
                return k.row.seq();
            }
        }
        return UNKNOWN;
    }

    private List<ChatMessage> last(long beforeSeq, int limit) {
        ArrayDeque<ChatMessage> out = new ArrayDeque<>();
        for (Iterator<Kept> it = window.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            Kept k = it.next();
            if (k.row.seq() < beforeSeq) {
                out.addFirst(k.message);
            }
        }
        return new ArrayList<>(out);
    }

    private Kept keep(MessageRow r) {
        ChatMessage m = r.stored(epoch).message();
        Kept k = new Kept(r, m, m.frame().bytes());
        window.addLast(k);
        bytes += k.bytes;
        while (window.size() > maxMessages || (bytes > maxBytes && window.size() > 1)) {
            bytes -= window.removeFirst().bytes;
            complete = false;
        }
        return k;
    }

    private void remember(MessageRow r) {
        if (r.cid() != null) {
            cids.put(r.cidKey(), r);
        }
    }

    @Override
    public String toString() {
        return "room " + room;
    }
}
