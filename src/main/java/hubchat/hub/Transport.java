package hubchat.hub;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the hub needs from a client's socket: the WebSocket session in production, a recording
 * or stalling stand-in in the hub's unit tests. Implementations never queue; {@link Connection}
 * does that and guarantees that at most one {@link #write} or {@link #ping} runs at a time.
 * Both are called on the hub's writer threads, never on a room's.
 */
public interface Transport {

    /**
     * Writes text frames in order. {@code done} gets null once all are written, or the failure;
     * it may be called before this method returns (a blocking transport) or later (an
     * asynchronous one).
     */
    void write(List<String> frames, Consumer<Throwable> done);

    /** Sends a ping. */
    void ping() throws Exception;

    /** Closes the socket with a close code and reason; may block, so the hub calls it off its threads. */
    void close(int code, String reason);
}
