package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.RawWebSocket;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * No compression on the wire, on the real containers: a handshake that offers
 * {@code permessage-deflate}, as every browser does, is answered without it, and the welcome
 * comes as a plain text frame (RSV1 clear).
 */
class CompressionIT extends OnContainer {

    @Test
    void aHandshakeOfferingPermessageDeflateIsAnsweredWithoutAnyExtension() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(10_000);
            String request = "GET " + base.getPath() + "ws/" + room("deflate") + "?nick=zed HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = RawWebSocket.readResponseHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertFalse(head.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"), "an extension was negotiated:\n" + head);
            int first = in.read();
            assertEquals(0x81, first, "the welcome: one final text frame, RSV1 (compressed) clear");
        }
    }

    private static String room(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

}
