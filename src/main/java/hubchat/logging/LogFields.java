package hubchat.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One structured log line: an event word and its fields, in order. It travels as the log
 * record's only parameter (the message is {@code "{0}"}), so a text formatter shows
 * {@link #toString()}, {@code disconnect room=lobby nick="ann b" cause=flood}, and
 * {@link JsonLogFormatter} writes the fields as JSON fields without parsing any text.
 *
 * <p>Text values are quoted when they hold anything but plain printable ASCII other than
 * {@code "}, {@code \} and {@code =} (a space, a quote, a control character, non-ASCII), with
 * {@code "} and {@code \} escaped and controls written as {@code \\uXXXX}, so a line stays one
 * line and splits cleanly on spaces. A null value is written {@code -} (JSON: null).
 */
public final class LogFields {
    /** What a null value is written as in text. */
    private static final String NONE = "-";

    private final String event;
    private final List<String> names = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    public LogFields(String event) {
        this.event = event;
    }

    /** Adds a field: a {@link String}, a {@link Number} or null. */
    public LogFields with(String name, Object value) {
        names.add(name);
        values.add(value);
        return this;
    }

    public String event() {
        return event;
    }

    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    public List<Object> values() {
        return Collections.unmodifiableList(values);
    }

    /** The value of the field {@code name}, or null: for tests. */
    public Object get(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : values.get(i);
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(event);
        for (int i = 0; i < names.size(); i++) {
            Object v = values.get(i);
            line.append(' ').append(names.get(i)).append('=')
                    .append(v == null ? NONE : v instanceof Number ? v.toString() : quoteIfNeeded(v.toString()));
        }
        return line.toString();
    }

    /** {@code text} as is if it is plain, else quoted and escaped (see the class comment). */
    static String quoteIfNeeded(String text) {
        return text.equals(NONE) ? Quoting.quoted(text) : Quoting.unlessPlain(text, '=');
    }
}
