package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.logging.ConnectionLog;
import hubchat.testing.JdkChatClient;
import hubchat.testing.ResetStorm;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many clients whose TCP connections are reset while their room is busy must leave a few lines
 * in the server's log, not a stack trace each. What the container logs during the storm is
 * read where it goes ({@link ServerLog}). Before the
 * client failure log, Tomcat wrote a warning with a stack trace (logger
 * {@code org.apache.tomcat.websocket.WsSession}) for about one reset in four.
 */
class ClientResetsIT extends OnContainer {

    /** Time Tomcat's asynchronous file handler may take to write out what it was given. */
    private static final long LOG_SETTLE_MILLIS = 3000;

    @Test
    void manyClientResetsLeaveAFewLinesInTheServerLogAndNoStackTrace() throws Exception {
        String roomPath = base.getPath() + "ws/resets";
        int resets;
        String logged;
        try (ServerLog log = ServerLog.fromNow()) {
            resets = ResetStorm.run("localhost", base.getPort(), roomPath, 8, Duration.ofSeconds(8));
            Thread.sleep(LOG_SETTLE_MILLIS);
            logged = log.text();
        }

        logged = withoutConnectionLines(logged);
        List<String> lines = logged.lines().toList();
        System.out.println("ClientResetsIT: " + resets + " resets, " + lines.size() + " log lines, " + logged.length() + " bytes");
        assertTrue(resets >= 100, "the storm reset only " + resets + " connections");
        long frames = lines.stream().filter(l -> !l.isEmpty() && Character.isWhitespace(l.charAt(0))
                && l.strip().startsWith("at ")).count();
        String head = logged.length() > 3000 ? logged.substring(0, 3000) + "..." : logged;
        assertEquals(0, frames, "stack frames in the log for " + resets + " resets; it begins:\n" + head);
        assertTrue(lines.size() <= 40, lines.size() + " log lines for " + resets + " resets:\n" + head);
        assertTrue(logged.length() <= 10_000, logged.length() + " bytes of log for " + resets + " resets:\n" + head);

        try (JdkChatClient ann = JdkChatClient.connect(URI.create("ws://localhost:" + base.getPort() + roomPath + "?nick=ann"))) {
            ann.awaitType("welcome", WAIT);
            ann.send("{\"type\":\"message\",\"text\":\"after the storm\"}");
            ann.await(f -> "after the storm".equals(f.get("text")), "own message", WAIT);
        }
    }

    /**
     * The log without the connection log's records (hubchat.connections, a line per connection
     * and per end by design: the failures the storm causes are what must stay a few lines), each
     * with the blank line Payara writes after a record.
     */
    private static String withoutConnectionLines(String logged) {
        StringBuilder kept = new StringBuilder();
        boolean afterConnectionLine = false;
        for (String line : logged.lines().toList()) {
            boolean connectionLine = line.contains(ConnectionLog.LOGGER);
            if (!connectionLine && !(afterConnectionLine && line.isBlank())) {
                kept.append(line).append('\n');
            }
            afterConnectionLine = connectionLine;
        }
        return kept.toString();
    }
}
