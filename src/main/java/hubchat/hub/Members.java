package hubchat.hub;

import hubchat.protocol.Disconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every member whose connection is open as far as the hub knows, and the liveness sweep over
 * them: a member silent for a ping interval is pinged, one silent for two is closed.
 *
 * <p>Invariant: no member outlives its connection. One the hub closed, whose close the container
 * never reports, is let go as lost two intervals later all the same, so it cannot keep its seat
 * (and its room) for ever.
 */
final class Members {
    /** The close code of a connection that broke without a close frame (RFC 6455: never sent). */
    static final int NO_CLOSE_FRAME = 1006;

    /** Told of every member's end, once, with its cause: the metrics and the connection log. */
    interface Ends {
        void ended(Member m, Disconnect cause, int closeCode);
    }

    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final Timekeeper time;
    private final long pingMillis;
    private final Ends ends;

    Members(Timekeeper time, long pingMillis, Ends ends) {
        this.time = time;
        this.pingMillis = pingMillis;
        this.ends = ends;
    }

    void add(Member m) {
        members.add(m);
    }

    /**
     * True if {@code m} was here: only the first of several reports of its end counts, and that
     * one gives back what its handshake was admitted with ({@link Admitted#released}) and reports
     * the end with its cause: the one its connection was closed for, if the server closed it
     * (the first cause given wins), else {@code ifNone}, closed with {@code closeCode}.
     */
    boolean remove(Member m, Disconnect ifNone, int closeCode) {
        if (!members.remove(m)) {
            return false;
        }
        m.admitted().released().run();
        Disconnect cause = m.connection().cause();
        if (cause == null) {
            ends.ended(m, ifNone, closeCode);
        } else {
            ends.ended(m, cause, cause.sent() ? cause.code() : closeCode);
        }
        return true;
    }

    /** {@link #remove(Member, Disconnect, int)} for a member the server has closed (its cause is set). */
    boolean remove(Member m) {
        return remove(m, Disconnect.CONNECTION_LOST, NO_CLOSE_FRAME);
    }

    int count() {
        return members.size();
    }

    void forEach(Consumer<Member> each) {
        members.forEach(each);
    }

    /** Members whose connection the hub has not closed yet. */
    int openCount() {
        int open = 0;
        for (Member m : members) {
            if (!m.connection().isClosed()) {
                open++;
            }
        }
        return open;
    }

    /** Closes every connection for {@code cause}. */
    void closeAll(Disconnect cause) {
        for (Member m : members) {
            m.connection().close(cause);
        }
    }

    /**
     * Asks every connection to close for {@code cause} once what is queued for it is written
     * ({@link Connection#closeWhenFlushed}); returns one stage per connection, each completed
     * when it is closed.
     */
    CompletableFuture<?>[] closeAllWhenFlushed(Disconnect cause) {
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (Member m : members) {
            ends.add(m.connection().closeWhenFlushed(cause));
        }
        return ends.toArray(CompletableFuture[]::new);
    }

    /** One liveness sweep; {@code lost} reports a member whose connection is gone for good. */
    void checkLiveness(Consumer<Member> lost) {
        long now = time.now();
        for (Member m : members) {
            long silent = now - m.lastHeard();
            if (silent >= 2 * pingMillis && m.connection().isClosed()) {
                lost.accept(m); // closed here, and the container never said so: let it go all the same
            } else if (silent >= 2 * pingMillis) {
                m.connection().close(Disconnect.PING_TIMEOUT);
            } else if (silent >= pingMillis) {
                m.connection().ping();
            }
        }
    }
}
