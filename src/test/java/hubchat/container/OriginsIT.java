package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.RawWebSocket;
import hubchat.web.OriginPolicy.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The handshake's {@code Origin} rules on a real container (Tomcat 11 and Payara Micro 6, each
 * started with its own address as {@code CHAT_PUBLIC_ORIGIN}, see arquillian.xml): handshakes
 * written by hand on a plain socket, so that the {@code Host} and {@code Origin} headers are
 * exactly what an attacker's browser would send. A refusal is HTTP 403 before the upgrade,
 * its text the {@link Refusal}'s; an allowed handshake is upgraded (101).
 */
class OriginsIT extends OnContainer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger ROOMS = new AtomicInteger();
    /** Most bytes of a response read: a refusal's error page is a few KiB. */
    private static final int MAX_RESPONSE = 64 * 1024;

    /** A response's status line's code and everything read of it (head and body). */
    private record Response(int status, String text) {
    }

    @Test
    void aDnsRebindingPageIsRefusedThoughItsHostAndOriginAgree() throws Exception {
        // The page of evil.example, whose name now resolves to this server: the browser sends
        // the attacker's name as both Host and Origin, on the server's own port.
        String evil = "evil.example:" + base.getPort();
        Response r = handshake(evil, List.of("http://" + evil));
        assertRefused(Refusal.NOT_LISTED, r);
    }

    @Test
    void twoOriginHeadersAreRefusedWhicheverComesFirst() throws Exception {
        String own = ownOrigin();
        assertRefused(Refusal.REPEATED, handshake(ownHost(), List.of(own, "http://evil.example")));
        assertRefused(Refusal.REPEATED, handshake(ownHost(), List.of("http://evil.example", own)));
    }

    @Test
    void originsThatAreNotExactlyThePublicOneAreRefused() throws Exception {
        int port = base.getPort();
        assertRefused(Refusal.NOT_LISTED, handshake(ownHost(), List.of("https://localhost:" + port)));
        assertRefused(Refusal.NOT_LISTED, handshake(ownHost(), List.of("http://127.0.0.2:" + port)));
        assertRefused(Refusal.MALFORMED, handshake(ownHost(), List.of("http://eve@localhost:" + port)));
        assertRefused(Refusal.MALFORMED, handshake(ownHost(), List.of(ownOrigin() + "/chat")));
        assertRefused(Refusal.OPAQUE, handshake(ownHost(), List.of("null")));
    }

    @Test
    void thePublicOriginAndAClientWithoutOriginAreUpgraded() throws Exception {
        assertEquals(101, handshake(ownHost(), List.of(ownOrigin())).status(), "the page's own origin");
        assertEquals(101, handshake(ownHost(), List.of("HTTP://LOCALHOST:" + base.getPort())).status(),
                "the same origin in capitals");
        assertEquals(101, handshake(ownHost(), List.of()).status(), "no Origin: not a browser");
        // Which Host it came with does not matter either way: the Origin is judged alone.
        assertEquals(101, handshake("evil.example:" + base.getPort(), List.of(ownOrigin())).status());
    }

    private void assertRefused(Refusal why, Response r) {
        assertEquals(403, r.status(), "status: " + r.text());
        assertTrue(unescaped(r.text()).contains(why.text()), "the 403 names the rule (" + why.text() + "): " + r.text());
    }

    /** {@code text} with HTML's numeric character references and the usual named ones decoded (error pages escape the message). */
    private static String unescaped(String text) {
        return Pattern.compile("&#(\\d+);").matcher(text).replaceAll(m -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1)))))
                .replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private String ownHost() {
        return "localhost:" + base.getPort();
    }

    /** The origin the tests' pages come from: the container's public origin. */
    private String ownOrigin() {
        return "http://" + ownHost();
    }

    /**
     * A WebSocket handshake for a room of its own with {@code host} as Host and one
     * {@code Origin} header per item of {@code origins}; the connection is closed after the
     * response's head (101) or its body (anything else).
     */
    private Response handshake(String host, List<String> origins) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + base.getPath() + "ws/origins-" + ROOMS.incrementAndGet()
                + "?nick=eve HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String origin : origins) {
            request.append("Origin: ").append(origin).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", base.getPort()), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = RawWebSocket.readResponseHead(in);
            int status = Integer.parseInt(head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4));
            return new Response(status, status == 101 ? head : head + readBody(in, head));
        }
    }


    /** The body after {@code head}: by its Content-Length, chunk by chunk, or up to the end of the connection. */
    private static String readBody(InputStream in, String head) throws IOException {
        List<String> lines = head.lines().map(l -> l.toLowerCase(Locale.ROOT)).toList();
        String length = lines.stream().filter(l -> l.startsWith("content-length:")).findFirst().orElse(null);
        if (length != null) {
            int n = Integer.parseInt(length.substring("content-length:".length()).trim());
            return new String(in.readNBytes(Math.min(n, MAX_RESPONSE)), StandardCharsets.UTF_8);
        }
        boolean chunked = lines.stream().anyMatch(l -> l.startsWith("transfer-encoding:") && l.contains("chunked"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() < MAX_RESPONSE) {
            if (chunked) {
                int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(in.readNBytes(size));
                readLine(in);
            } else {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                body.write(b);
            }
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
