package hubchat.endpoint;

import hubchat.protocol.OutboundFrame;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * The portable way to write: one asynchronous send after another, then the ping. Used wherever
 * a container's raw write cannot be reached (another container, or internals not as expected).
 *
 * <p>Tyrus on Payara completes a send as soon as its servlet layer has queued the bytes, however
 * many are already waiting for a peer that stopped reading; so completions here confirm nothing
 * and the connection counts bytes until the peer's pong to a later ping (see
 * {@link #confirmsWrites()}). Tyrus sends pings without blocking; other containers' may block.
 */
final class AsyncTransport extends SessionTransport {
    private final RemoteEndpoint.Async remote;

    AsyncTransport(Session session) {
        super(session);
        remote = session.getAsyncRemote();
    }

    @Override
    String kind() {
        return "async";
    }

    @Override
    public boolean confirmsWrites() {
        return false;
    }

    @Override
    public void write(List<OutboundFrame> frames, byte[] ping, Consumer<Throwable> done) {
        new SendChain(done) {
            @Override
            boolean start(int step, SendHandler handler) throws Exception {
                if (step < frames.size()) {
                    remote.sendText(frames.get(step).json(), handler); // the standard API takes text only
                    return true;
                }
                if (step == frames.size() && ping != null) {
                    remote.sendPing(ByteBuffer.wrap(ping));
                    handler.onResult(new SendResult());
                    return true;
                }
                return false;
            }
        }.run();
    }
}
