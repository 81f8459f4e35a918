package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.logging.ConnectionLog;
import hubchat.logging.JsonLogFormatter;
import hubchat.logging.LogFields;
import hubchat.protocol.Disconnect;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection log of a scripted chat: a connect line per seat taken, exactly one line per
 * ended connection with its cause (a violation at WARNING), and never a message's text or a
 * resume secret, in the text form or the JSON one.
 */
class ConnectionLogLinesTest {
    private static final String SAID = "the words nobody may log 4711";

    private final Logger logger = Logger.getLogger(ConnectionLog.LOGGER);
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler captured = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final HubFixture fx = new HubFixture();

    @BeforeEach
    void capture() {
        logger.addHandler(captured);
    }

    @AfterEach
    void release() {
        fx.close();
        logger.removeHandler(captured);
    }

    @Test
    void eachSeatTakenAndEachEndIsOneLineAndNoneCarriesTextOrSecrets() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann b");
        String secret = (String) ann.next("welcome").get("resume");
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.post(ann, SAID);
        fx.framesSoFar(bob);
        fx.hub.closing(fx.member(bob), Disconnect.FLOOD);
        fx.leave(bob, 1008);
        fx.lose(ann);
        fx.lose(ann);

        List<LogFields> lines = records.stream().map(r -> (LogFields) r.getParameters()[0]).toList();
        assertEquals(List.of("connect", "connect", "violation", "disconnect"), lines.stream().map(LogFields::event).toList());
        assertEquals("ann b", lines.get(0).get("nick"));
        assertEquals("lobby", lines.get(0).get("room"));
        assertEquals("flood", lines.get(2).get("cause"));
        assertEquals(1008, lines.get(2).get("code"));
        assertEquals(Level.WARNING, records.get(2).getLevel());
        assertEquals("connection_lost", lines.get(3).get("cause"));
        assertEquals(1006, lines.get(3).get("code"));
        assertEquals(Level.INFO, records.get(3).getLevel());
        assertTrue(records.get(0).getMessage().equals("{0}") && lines.get(0).toString().contains("nick=\"ann b\""),
                "a nick with a space is quoted: " + lines.get(0));

        SimpleFormatter text = new SimpleFormatter();
        JsonLogFormatter json = new JsonLogFormatter();
        for (LogRecord r : records) {
            for (String line : List.of(text.format(r), json.format(r))) {
                assertFalse(line.contains("4711") || line.contains("nobody"), "message text in the log: " + line);
                assertFalse(line.contains(secret), "the resume secret in the log: " + line);
            }
        }
    }

    @Test
    void aHandshakeRefusalIsOneLineWithItsStatusReasonAddressAndCutOrigin() {
        fx.hub.entrance().refused(429, "max_connections_per_address", "192.0.2.7", "https://x.example/" + "a".repeat(500));
        assertEquals(1, records.size());
        LogFields f = (LogFields) records.get(0).getParameters()[0];
        assertEquals("refused", f.event());
        assertEquals(429, f.get("status"));
        assertEquals("192.0.2.7", f.get("address"));
        assertTrue(((String) f.get("origin")).length() < 220, "the origin is cut: " + f.get("origin"));
        assertEquals(1, fx.hub.metrics().handshakesRefused(429));
    }

    @Test
    void turningTheLoggerToWarningKeepsOnlyTheViolations() throws Exception {
        logger.setLevel(Level.WARNING);
        try {
            FakeTransport ann = fx.joined("lobby", "ann");
            FakeTransport bob = fx.joined("lobby", "bob");
            fx.leave(ann);
            fx.hub.closing(fx.member(bob), Disconnect.BINARY_FRAME);
            fx.leave(bob, 1003);
        } finally {
            logger.setLevel(null);
        }
        assertEquals(1, records.size());
        assertEquals("violation", ((LogFields) records.get(0).getParameters()[0]).event());
    }
}
