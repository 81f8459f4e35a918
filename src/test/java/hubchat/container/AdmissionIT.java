package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.RawWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection limits on a real container, where the handshake filter runs: a client address
 * past {@code CHAT_MAX_CONNECTIONS_PER_ADDRESS} (its default, 100) gets HTTP 429 and the server
 * past {@code CHAT_MAX_CONNECTIONS} (200 in the ITs' arquillian.xml) 503, before the upgrade;
 * once the connections close nothing stays counted. The client address comes from
 * {@code X-Forwarded-For}, as the ITs trust loopback as a proxy ({@code chat.trusted.proxies}),
 * and a malformed one counts the connection under the proxy itself.
 */
class AdmissionIT extends OnContainer {
    private static final int PER_ADDRESS = 100;
    private static final int TOTAL = 200;
    private static final AtomicInteger ROOMS = new AtomicInteger();

    private final List<Socket> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        closeOpen();
    }

    @Test
    void anAddressPastItsLimitGets429BeforeTheUpgradeAnotherDoesNotAndNothingStaysCounted() throws Exception {
        String room = "admission-" + ROOMS.incrementAndGet();
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertEquals(101, handshake(room, "198.51.100.1"), "connection " + (i + 1));
        }
        assertEquals(429, handshake(room, "198.51.100.1"), "one past the address's limit");
        assertEquals(429, handshake(room, "203.0.113.5, 198.51.100.1"), "what the client wrote left of it changes nothing");
        assertEquals(101, handshake(room, "198.51.100.2"), "another client behind the same proxy");

        closeOpen();
        assertAllAdmittedAgain(room, "198.51.100.1", PER_ADDRESS);
    }

    @Test
    void theServerPastItsTotalGets503BeforeTheUpgradeAndNothingStaysCounted() throws Exception {
        String room = "admission-" + ROOMS.incrementAndGet();
        int admitted = 0;
        int status = 101;
        while (status == 101 && admitted <= TOTAL) {
            status = handshake(room, "198.51.100." + (10 + admitted / 50));
            if (status == 101) {
                admitted++;
            }
        }
        assertEquals(503, status, "past the total");
        assertEquals(TOTAL, admitted, "every connection before it admitted");

        closeOpen();
        for (int i = 0; i < TOTAL / 50; i++) {
            assertAllAdmittedAgain(room, "198.51.100." + (10 + i), 50);
        }
    }

    @Test
    void aMalformedForwardedForCountsTheConnectionUnderTheProxyThatSentIt() throws Exception {
        String room = "admission-" + ROOMS.incrementAndGet();
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertEquals(101, handshake(room, i % 2 == 0 ? "unknown" : "198.51.100.1, not-an-address"), "connection " + (i + 1));
        }
        assertEquals(429, handshake(room, null), "the proxy's own (loopback) address is full");
        assertEquals(429, handshake(room, "1.2.3"), "so is any other malformed header");
        assertEquals(101, handshake(room, "198.51.100.3"), "a well-formed one names its client");
    }

    /**
     * Opens {@code count} connections from {@code client}, waiting (up to 10 s) for places the
     * closed ones had to be given back: a count that leaked would keep one refused for ever.
     */
    private void assertAllAdmittedAgain(String room, String client, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < count; i++) {
            int status;
            while ((status = handshake(room, client)) != 101 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(101, status, "connection " + (i + 1) + " of " + count + " after the others closed");
        }
    }

    /**
     * Sends an upgrade request for {@code room} through "a proxy" (the tests' loopback), with
     * {@code forwardedFor} as its {@code X-Forwarded-For} (none if null). Returns the status; a
     * connection that upgraded stays open until {@link #closeOpen}.
     */
    private int handshake(String room, String forwardedFor) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        String request = "GET " + base.getPath() + "ws/" + room + "?nick=n HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String head = responseHead(socket.getInputStream());
        int status = Integer.parseInt(head.substring(9, 12));
        if (status == 101) {
            open.add(socket);
        } else {
            if (status == 429 || status == 503) {
                assertTrue(head.toLowerCase().contains("\nretry-after: "), "Retry-After with " + status + ": " + head);
            }
            socket.close();
        }
        return status;
    }

    /** Closes every open connection with a close frame, then the socket. */
    private void closeOpen() throws IOException {
        for (Socket s : open) {
            try {
                s.getOutputStream().write(RawWebSocket.frame(RawWebSocket.OP_CLOSE, new byte[] {0x03, (byte) 0xE8}));
                s.getOutputStream().flush();
            } catch (IOException alreadyGone) {
                // closed by the server meanwhile: the socket's close below is all there is to do
            }
            s.close();
        }
        open.clear();
    }

    private static String responseHead(InputStream in) throws IOException {
        String text = RawWebSocket.readResponseHead(in);
        assertTrue(text.startsWith("HTTP/1.1 "), "response: " + text);
        return text;
    }
}
