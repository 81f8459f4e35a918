package hubchat.hub;

import hubchat.protocol.OutboundFrame;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the hub needs from a client's socket: the WebSocket session in production, a recording
 * or stalling stand-in in the hub's unit tests. Implementations never queue; {@link Connection}
 * does that and guarantees that at most one {@link #write} runs at a time.
 *
 * <p>Invariant: no method blocks on the peer. A write to a peer that stopped reading stays
 * pending (its {@code done} is not called) instead of holding the calling thread.
 */
public interface Transport {

    /**
     * Hands text frames, then a ping if {@code ping} is not null, to the socket in order. A frame
     * is shared by every recipient: write its {@link OutboundFrame#utf8()} bytes, which are
     * encoded once for all of them.
     * {@code done} gets null once the transport can take the next write, or the failure; it may
     * be called before this method returns or later, on another thread.
     */
    void write(List<OutboundFrame> frames, byte[] ping, Consumer<Throwable> done);

    /**
     * True if a write's {@code done} means the socket has taken its bytes. False if it only means
     * the container has queued them (it may queue without limit): the connection then counts
     * them as outstanding until the peer's pong to a later ping shows it has read them.
     */
    boolean confirmsWrites();

    /** Closes the socket with a close code and reason; may block, so the hub calls it off its threads. */
    void close(int code, String reason);
}
