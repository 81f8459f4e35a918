package hubchat.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: reads one JSON frame into plain Java values with jackson-core's streaming
 * parser (no databind). Objects become {@code Map<String, Object>} (in field order), arrays
 * {@code List<Object>}, integers {@code Long}, other numbers {@code Double}.
 */
public final class JsonFrames {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonFrames() {
    }

    /** Parses a frame that must be one JSON object; throws {@link IllegalArgumentException} otherwise. */
    public static Map<String, Object> parse(String frame) {
        try (JsonParser p = JSON.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + frame);
            }
            Map<String, Object> map = readObject(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing data after the object: " + frame);
            }
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("bad JSON: " + frame, e);
        }
    }

    /** A JSON string literal of {@code s}: quotes, backslashes and control characters escaped, the rest as is. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** The {@code type} of a frame, or null. */
    public static String type(Map<String, Object> frame) {
        Object type = frame.get("type");
        return type instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> frame, String field) {
        Object value = frame.get(field);
        if (!(value instanceof List)) {
            throw new AssertionError("field '" + field + "' is not a list in " + frame);
        }
        return (List<Object>) value;
    }

    /** A field that must be a list of strings. */
    @SuppressWarnings("unchecked")
    public static List<String> strings(Map<String, Object> frame, String field) {
        return (List<String>) (List<?>) list(frame, field);
    }

    /** A field that must be a list of objects (e.g. the messages of a history). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> frame, String field) {
        return (List<Map<String, Object>>) (List<?>) list(frame, field);
    }

    /** The ids of the messages in a frame's {@code history}, oldest first. */
    public static List<String> historyIds(Map<String, Object> frame) {
        return objects(frame, "history").stream().map(m -> (String) m.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> frame, String field) {
        Object value = frame.get(field);
        if (!(value instanceof Map)) {
            throw new AssertionError("field '" + field + "' is not an object in " + frame);
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, readValue(p));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + t);
        }
        return map;
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("unexpected end of input");
        }
        switch (t) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + t);
        }
    }
}
