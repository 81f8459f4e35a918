package hubchat.hub;

import java.util.function.Consumer;

/**
 * What the hub needs from a client's socket: the WebSocket session in production, a recording
 * or stalling stand-in in the hub's unit tests. Implementations never queue; {@link Connection}
 * does that and guarantees at most one {@link #sendText} in flight.
 */
public interface Transport {

    /** Starts sending one text frame; {@code done} gets null on success or the failure. */
    void sendText(String text, Consumer<Throwable> done);

    /** Sends a ping; may block briefly. Only called while no text send is in flight. */
    void sendPing() throws Exception;

    /** Closes the socket with a close code and reason; may block, so the hub calls it off its threads. */
    void close(int code, String reason);
}
