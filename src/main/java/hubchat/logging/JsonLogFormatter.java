package hubchat.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Log records as JSON, one object per line, for log shippers: {@code time} (ISO-8601, UTC),
 * {@code level}, {@code logger}, {@code message}, and for a structured line ({@link LogFields})
 * its event as the message and each of its fields as a field of the object; a record with a
 * throwable adds {@code thrown}, its stack trace. Written with Jackson's streaming generator, as
 * the frames are, so every string is escaped as JSON requires.
 */
public final class JsonLogFormatter extends Formatter {
    private static final JsonFactory JSON = new JsonFactory();
    /** Field names of the object itself, which a line's own fields cannot take. */
    private static final Set<String> RESERVED = Set.of("time", "level", "logger", "message", "thrown");

    @Override
    public String format(LogRecord record) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(record.getMillis()).toString());
            g.writeStringField("level", record.getLevel().getName());
            g.writeStringField("logger", record.getLoggerName());
            Object[] params = record.getParameters();
            if (params != null && params.length == 1 && params[0] instanceof LogFields fields) {
                g.writeStringField("message", fields.event());
                writeFields(g, fields);
            } else {
                g.writeStringField("message", formatMessage(record));
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                g.writeStringField("thrown", trace.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.append(System.lineSeparator()).toString();
    }

    private static void writeFields(JsonGenerator g, LogFields fields) throws IOException {
        List<String> names = fields.names();
        List<Object> values = fields.values();
        for (int i = 0; i < names.size(); i++) {
            String name = RESERVED.contains(names.get(i)) ? "field_" + names.get(i) : names.get(i);
            Object v = values.get(i);
            if (v == null) {
                g.writeNullField(name);
            } else if (v instanceof Long || v instanceof Integer) {
                g.writeNumberField(name, ((Number) v).longValue());
            } else if (v instanceof Number n) {
                g.writeNumberField(name, n.doubleValue());
            } else {
                g.writeStringField(name, v.toString());
            }
        }
    }
}
