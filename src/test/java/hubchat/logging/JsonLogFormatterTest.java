package hubchat.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JsonFrames;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** One JSON object per line: the record's time, level, logger and message, and a structured line's fields as fields. */
class JsonLogFormatterTest {
    private final JsonLogFormatter json = new JsonLogFormatter();

    @Test
    void aStructuredLineBecomesOneObjectWithItsFieldsAsFields() {
        LogRecord record = new LogRecord(Level.WARNING, "{0}");
        record.setLoggerName("hubchat.connections");
        record.setInstant(java.time.Instant.parse("2026-12-02T10:00:00.123Z"));
        record.setParameters(new Object[] {new LogFields("violation").with("room", "lobby").with("nick", "ann \"the\" b")
                .with("address", null).with("code", 1009).with("ms", 1234L)});
        String line = json.format(record);

        assertTrue(line.endsWith(System.lineSeparator()));
        assertEquals(1, line.strip().lines().count(), "one line: " + line);
        Map<String, Object> o = JsonFrames.parse(line.strip());
        assertEquals("2026-12-02T10:00:00.123Z", o.get("time"));
        assertEquals("WARNING", o.get("level"));
        assertEquals("hubchat.connections", o.get("logger"));
        assertEquals("violation", o.get("message"));
        assertEquals("lobby", o.get("room"));
        assertEquals("ann \"the\" b", o.get("nick"));
        assertTrue(o.containsKey("address"));
        assertNull(o.get("address"));
        assertEquals(1009L, o.get("code"));
        assertEquals(1234L, o.get("ms"));
    }

    @Test
    void controlsQuotesAndLineBreaksAreEscapedSoALineStaysOneLine() {
        LogRecord record = new LogRecord(Level.INFO, "{0}");
        record.setLoggerName("hubchat.connections");
        String nasty = "a\nb\r\"c\\d\u0000e\u2028f";
        record.setParameters(new Object[] {new LogFields("connect").with("origin", nasty).with("message", "not the message")});
        String line = json.format(record).strip();
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u0000"), line);
        Map<String, Object> o = JsonFrames.parse(line);
        assertEquals(nasty, o.get("origin"));
        assertEquals("connect", o.get("message"), "a field cannot take the object's own names");
        assertEquals("not the message", o.get("field_message"));
    }

    @Test
    void aPlainRecordKeepsItsFormattedMessageAndAThrowableItsTrace() {
        LogRecord record = new LogRecord(Level.INFO, "history: {0}");
        record.setLoggerName("hubchat.app.ChatApplication");
        record.setParameters(new Object[] {"in memory"});
        record.setThrown(new IllegalStateException("boom"));
        Map<String, Object> o = JsonFrames.parse(json.format(record).strip());
        assertEquals("history: in memory", o.get("message"));
        assertEquals("INFO", o.get("level"));
        assertTrue(((String) o.get("thrown")).startsWith("java.lang.IllegalStateException: boom"), (String) o.get("thrown"));
    }

    @Test
    void theTextFormOfALineQuotesValuesWithSpacesQuotesOrEqualsAndWritesNullAsADash() {
        LogFields f = new LogFields("connect").with("room", "lobby").with("nick", "ann b").with("origin", "x=\"y\"")
                .with("address", null).with("ms", 5L).with("empty", "");
        assertEquals("connect room=lobby nick=\"ann b\" origin=\"x=\\\"y\\\"\" address=- ms=5 empty=\"\"", f.toString());
        assertEquals("\"-\"", LogFields.quoteIfNeeded("-"), "a dash as a value is not a missing one");
        assertEquals("\"tab\\u0009\"", LogFields.quoteIfNeeded("tab\t"));
    }
}
