package hubchat.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Test helper: what a server answers one WebSocket upgrade request whose extra headers the test
 * picks (an {@code Authorization}, none at all, ...): the status and the head of the answer,
 * read up to its blank line ({@link RawWebSocket#readResponseHead}); the connection is then
 * closed, whatever the answer. For refusals before the upgrade, where a client library reports
 * only that the handshake failed.
 *
 * @param status the answer's HTTP status (101 for an upgrade)
 * @param head the status line and headers, as sent
 */
public record UpgradeAnswer(int status, String head) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Sends the upgrade for {@code ws} (a {@code ws://} URI, its query already encoded) with {@code headers} added. */
    public static UpgradeAnswer to(URI ws, Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(ws.getRawPath()).append(ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery())
                .append(" HTTP/1.1\r\n")
                .append("Host: ").append(ws.getHost()).append(':').append(ws.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 10_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String head = RawWebSocket.readResponseHead(socket.getInputStream());
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer to the upgrade for " + ws + ": '" + head + "'");
            }
            return new UpgradeAnswer(Integer.parseInt(statusLine[1]), head);
        }
    }

    /** The value of the first header named {@code name} (in any case), or null. */
    public String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
