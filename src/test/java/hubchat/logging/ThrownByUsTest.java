package hubchat.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the endpoint's error callback counts as a client's failure, and what as a bug of ours. */
class ThrownByUsTest {

    @Test
    void aFailureOfTheSocketIsTheClients() {
        IOException reset = new IOException("Connection reset");
        reset.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.nio.ch.SocketDispatcher", "read0", null, -1),
                new StackTraceElement("org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper", "fillReadBuffer", null, -1),
        });
        assertFalse(ClientFailureLog.thrownByUs(new RuntimeException("wrapped", reset)));
    }

    @Test
    void aSocketThatBreaksWhileOurCodeClosesItIsTheClients() {
        IOException reset = new IOException("Connection reset by peer");
        reset.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.nio.ch.SocketDispatcher", "writev", null, -1),
                new StackTraceElement("org.apache.tomcat.websocket.WsSession", "close", null, -1),
                new StackTraceElement("hubchat.endpoint.SessionTransport", "close", null, -1),
        });
        assertFalse(ClientFailureLog.thrownByUs(new IOException(reset)));
    }

    @Test
    void anExceptionThrownInOurCodeIsABug() {
        IllegalStateException ours = new IllegalStateException("a bug"); // made here, in hubchat code
        assertTrue(ClientFailureLog.thrownByUs(ours));
        RuntimeException wrapped = new RuntimeException("wrapped by the container", ours);
        wrapped.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.glassfish.tyrus.core.TyrusEndpointWrapper", "onMessage", null, -1),
        });
        assertTrue(ClientFailureLog.thrownByUs(wrapped), "judged by the innermost cause");
    }
}
