package hubchat.docker;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough YAML for the normalized output of {@code docker-compose config} (block mappings
 * and sequences, plain and quoted scalars, empty {} and []); not a general YAML parser.
 */
final class MiniYaml {
    private final List<String[]> lines = new ArrayList<>(); // {indent, text}
    private int pos;

    static Map<String, Object> parse(String text) {
        MiniYaml y = new MiniYaml();
        for (String raw : text.split("\n")) {
            if (raw.isBlank() || raw.strip().startsWith("#")) {
                continue;
            }
            int indent = raw.length() - raw.stripLeading().length();
            y.lines.add(new String[] {String.valueOf(indent), raw.strip()});
        }
        Object root = y.block(0);
        assertTrue(root instanceof Map, "a YAML mapping at the top:\n" + text);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) root;
        return map;
    }

    private int indent() {
        return Integer.parseInt(lines.get(pos)[0]);
    }

    private String text() {
        return lines.get(pos)[1];
    }

    /** The block starting at the current line, whose lines are indented exactly {@code indent}. */
    private Object block(int indent) {
        if (pos < lines.size() && indent() == indent && text().startsWith("- ")) {
            List<Object> list = new ArrayList<>();
            while (pos < lines.size() && indent() == indent && (text().startsWith("- ") || text().equals("-"))) {
                String item = text().length() > 2 ? text().substring(2).strip() : "";
                if (keyOf(item) != null) { // "- key: value" starts a mapping inside the sequence
                    lines.set(pos, new String[] {String.valueOf(indent + 2), item});
                    list.add(block(indent + 2));
                } else {
                    pos++;
                    list.add(scalar(item));
                }
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        while (pos < lines.size() && indent() == indent) {
            String line = text();
            String key = keyOf(line);
            assertNotNull(key, "a 'key: value' line: " + line);
            String rest = line.substring(line.indexOf(':', key.length()) + 1).strip();
            pos++;
            if (!rest.isEmpty()) {
                map.put(unquote(key), scalar(rest));
            } else if (pos < lines.size() && (indent() > indent
                    || (indent() == indent && text().startsWith("- ")))) {
                map.put(unquote(key), block(indent()));
            } else {
                map.put(unquote(key), null);
            }
        }
        return map;
    }

    private static String keyOf(String line) {
        Matcher m = Pattern.compile("^('[^']*'|\"[^\"]*\"|[^'\"\\s:][^:]*?):(\\s|$)").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private static Object scalar(String s) {
        if (s.equals("{}")) {
            return Map.of();
        }
        if (s.equals("[]")) {
            return List.of();
        }
        return unquote(s);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return s;
    }
}
