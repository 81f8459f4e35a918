package hubchat.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One line per cause and interval, a count for the rest, never a stack trace at INFO. Plain JUnit, a fake clock. */
class ClientFailureLogTest {
    private static final long INTERVAL = 60_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Logger logger = Logger.getLogger("hubchat.test.client-failures-" + System.nanoTime());
    private final Captured captured = new Captured();
    private final ClientFailureLog log;

    ClientFailureLogTest() {
        logger.setUseParentHandlers(false);
        logger.addHandler(captured);
        logger.setLevel(Level.INFO);
        log = new ClientFailureLog(logger, INTERVAL, now::get);
    }

    @AfterEach
    void detach() {
        logger.removeHandler(captured);
    }

    @Test
    void firstFailureOfACauseIsOneLineWithoutAStackTrace() {
        log.record("write failed", new IOException("java.io.IOException: Connection reset by peer",
                new IOException("Connection reset by peer")));
        assertEquals(1, captured.records.size());
        LogRecord r = captured.records.get(0);
        assertEquals(Level.INFO, r.getLevel());
        assertNull(r.getThrown(), "no stack trace");
        assertEquals("client failure: write failed: java.io.IOException: Connection reset by peer", r.getMessage());
    }

    @Test
    void theRestOfAnIntervalIsCountedAndSummedUpInOneLine() {
        for (int i = 0; i < 5000; i++) {
            log.record("write failed", new IOException("Broken pipe"));
            now.addAndGet(10); // 50 s in all
        }
        assertEquals(1, captured.records.size(), "one line while the interval lasts");
        log.flush();
        assertEquals(1, captured.records.size(), "the interval is not over yet");
        now.addAndGet(INTERVAL);
        log.flush();
        assertEquals(2, captured.records.size());
        assertEquals("client failure: write failed: java.io.IOException: Broken pipe: 4999 more in 110 s",
                captured.records.get(1).getMessage());
        log.flush();
        assertEquals(2, captured.records.size(), "nothing more to sum up");
        log.record("write failed", new IOException("Broken pipe"));
        assertEquals(3, captured.records.size(), "a new interval starts with a line of its own");
    }

    @Test
    void aFailureAfterTheIntervalCarriesTheCountOfTheOneBefore() {
        log.record("ping failed", new EOFException());
        log.record("ping failed", new EOFException());
        log.record("ping failed", new EOFException());
        now.addAndGet(INTERVAL);
        log.record("ping failed", new EOFException());
        assertEquals(List.of("client failure: ping failed: java.io.EOFException",
                "client failure: ping failed: java.io.EOFException (and 2 more in the interval before)"),
                captured.messages());
    }

    @Test
    void eachCauseHasItsOwnLine() {
        log.record("write failed", new IOException("Broken pipe"));
        log.record("write failed", new IOException("Connection reset by peer"));
        log.record("close failed", new IOException("Broken pipe"));
        log.record("websocket error", null);
        log.record("write failed", new IOException("Broken pipe"));
        assertEquals(4, captured.records.size(), captured.messages().toString());
    }

    @Test
    void causesBeyondTheLimitShareOneLine() {
        for (int i = 0; i < ClientFailureLog.MAX_CAUSES + 500; i++) {
            log.record("write failed", new IOException("peer " + i + " gone"));
        }
        assertEquals(ClientFailureLog.MAX_CAUSES + 1, captured.records.size());
        assertEquals("client failure: " + ClientFailureLog.OTHER, captured.records.get(ClientFailureLog.MAX_CAUSES).getMessage());
    }

    @Test
    void longOrMultiLineMessagesAreCutToOneShortLine() {
        log.record("websocket error", new IOException("a".repeat(500) + "\nsecond line"));
        String line = captured.records.get(0).getMessage();
        assertTrue(line.length() < 200, line);
        assertTrue(!line.contains("\n"), line);
    }

    @Test
    void stackTracesOnlyWhenFineIsOn() {
        logger.setLevel(Level.FINE);
        IOException error = new IOException("Broken pipe");
        log.record("write failed", error);
        log.record("write failed", error);
        List<LogRecord> fine = captured.records.stream().filter(r -> r.getLevel() == Level.FINE).toList();
        assertEquals(2, fine.size());
        assertEquals(error, fine.get(0).getThrown());
    }

    private static final class Captured extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        Captured() {
            setLevel(Level.ALL);
        }

        List<String> messages() {
            return records.stream().map(LogRecord::getMessage).toList();
        }

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
    }
}
