package hubchat.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports as JSON text, with jackson-core's streaming API: writes nested maps and lists indented
 * by two spaces ({@code "key": value}, {@code {}} and {@code []} when empty, whole-number doubles
 * without a fraction, NaN and infinities as null), and reads a report back into maps (in field
 * order), lists, strings, booleans and doubles (every number).
 */
final class JsonText {

    /** Lower-case hex in {@code \}{@code u00XX} escapes. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).build();
    /** Two spaces per level, one entry per line, a space after the colon only. */
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    private static final Separators SEPARATORS = Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator("");
    /** Doubles up to this size that are whole numbers print as integers. */
    private static final double MAX_WHOLE = 1e15;

    private JsonText() {
    }

    /** {@code value} (a map, list, number, boolean, string or null; anything else as its string) as indented JSON. */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(SEPARATORS);
        pretty.indentObjectsWith(INDENT);
        pretty.indentArraysWith(INDENT);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(pretty);
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object item : l) write(g, item);
            g.writeEndArray();
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) g.writeNull();
            else if (d == Math.rint(d) && Math.abs(d) < MAX_WHOLE) g.writeNumber((long) (double) d);
            else g.writeNumber(d);
        } else if (v instanceof Number) {
            g.writeNumber(v.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }

    /** Reads {@code text}, which must hold a JSON object; an {@link IllegalArgumentException} otherwise. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
            return (Map<String, Object>) read(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad JSON: " + e.getMessage(), e);
        }
    }

    /** The value that starts at the parser's current token. */
    private static Object read(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, read(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(read(p));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getValueAsDouble();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }
}
