package hubchat.bench;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection of the load: the JDK WebSocket's listener, which joins a text message's parts
 * and scans it for tokens into this client's {@link ReceiveStats}, and tracks whether the
 * connection is open.
 */
final class ChatClient implements WebSocket.Listener {

    /** {@link #state}: the handshake has not completed. */
    private static final int CONNECTING = 0;
    /** {@link #state}: open, counted in the run's live connections. */
    private static final int OPEN = 1;
    /** {@link #state}: closed, by either side. */
    private static final int CLOSED = 2;
    /** Initial size of the array a frame is copied into when it is not one already. */
    private static final int SCRATCH_CHARS = 512;
    /** Initial size of the buffer that joins the parts of a message that came in parts. */
    private static final int PARTIAL_CHARS = 4096;

    /** The client's index: clients 0..senders-1 send, as sender {@code index}. */
    final int index;
    private final RunState run;
    volatile WebSocket ws;
    private final AtomicInteger state = new AtomicInteger(CONNECTING);
    /** Completes when the connection is closed, whichever side closed it. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Swapped by the run between phases; only this client's listener writes into it. */
    private volatile ReceiveStats stats = new ReceiveStats();
    /** Written after each frame: reading it gives the run a happens-before edge on the stats. */
    private volatile long published;
    private StringBuilder partial;
    private char[] scratch = new char[SCRATCH_CHARS];

    ChatClient(int index, RunState run) {
        this.index = index;
        this.run = run;
    }

    /** This client's statistics, safely published to the calling thread. */
    ReceiveStats stats() {
        return sync(stats);
    }

    /** Starts fresh statistics for the next phase; returns this phase's, which a frame being scanned may still update. */
    ReceiveStats swapStats() {
        ReceiveStats old = stats;
        stats = new ReceiveStats();
        return old;
    }

    /** Returns {@code s} after a volatile read that makes the listener's writes so far visible to the caller. */
    ReceiveStats sync(ReceiveStats s) {
        long unused = published; // happens-before on the listener's writes
        return s;
    }

    /** The handshake completed. */
    void opened(WebSocket webSocket) {
        ws = webSocket;
        if (state.compareAndSet(CONNECTING, OPEN)) run.liveConnections.incrementAndGet();
    }

    boolean isOpen() {
        return state.get() == OPEN;
    }

    /** The connection ended; {@code why} is null when the run itself aborted it. */
    void closed(String why) {
        if (state.getAndSet(CLOSED) == OPEN) run.liveConnections.decrementAndGet();
        if (why != null && !run.stopping) {
            run.unexpectedCloses.incrementAndGet();
            run.closeReasons.add(why);
        }
        done.complete(null);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE); // no per-message request(1) round trip
    }

    @Override
    public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            if (partial == null) partial = new StringBuilder(PARTIAL_CHARS);
            partial.append(data);
            return null;
        }
        long now = MonoClock.now();
        if (run.settling) run.lastFrame = now;
        ReceiveStats s = stats;
        Phase phase = run.phase;
        if (partial != null && partial.length() > 0) {
            partial.append(data);
            int n = partial.length();
            ensureScratch(n);
            partial.getChars(0, n, scratch, 0);
            partial.setLength(0);
            Tokens.scan(scratch, 0, n, now, index, phase, s);
        } else if (data instanceof CharBuffer cb && cb.hasArray()) {
            Tokens.scan(cb.array(), cb.arrayOffset() + cb.position(), cb.remaining(), now, index, phase, s);
        } else {
            int n = data.length();
            ensureScratch(n);
            if (data instanceof String str) str.getChars(0, n, scratch, 0);
            else for (int i = 0; i < n; i++) scratch[i] = data.charAt(i);
            Tokens.scan(scratch, 0, n, now, index, phase, s);
        }
        published = now;
        return null;
    }

    private void ensureScratch(int n) {
        if (scratch.length < n) scratch = new char[Math.max(n, scratch.length * 2)];
    }

    @Override
    public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last) {
            ReceiveStats s = stats;
            s.frames++;
            s.noToken++;
            published = MonoClock.now();
        }
        return null;
    }

    @Override
    public CompletableFuture<?> onPing(WebSocket webSocket, ByteBuffer message) {
        return null; // the JDK answers with a pong by itself; demand is already unbounded
    }

    @Override
    public CompletableFuture<?> onPong(WebSocket webSocket, ByteBuffer message) {
        return null;
    }

    @Override
    public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed("close " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed(ErrorCounts.describe(error));
    }
}
