package hubchat.docker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An HAProxy configuration file read into its sections ({@code "backend nodes"}) and their
 * directives, comments dropped and blanks collapsed: just enough for tests to compare the load
 * balancer's configuration with the compose file. Not a validator (HAProxy itself checks the
 * file when the podman smoke test starts it).
 */
final class HaproxyConfig {
    /** A time in HAProxy's syntax: a number and an optional unit; milliseconds without one. */
    private static final Pattern TIME = Pattern.compile("(\\d+)(us|ms|s|m|h|d)?");

    private final Map<String, List<String>> sections;

    private HaproxyConfig(Map<String, List<String>> sections) {
        this.sections = sections;
    }

    static HaproxyConfig read(Path file) throws IOException {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String raw : Files.readAllLines(file)) {
            String line = withoutComment(raw).strip().replaceAll("\\s+", " ");
            if (line.isEmpty()) {
                continue;
            }
            if (!Character.isWhitespace(raw.charAt(0))) {
                current = new ArrayList<>();
                sections.put(line, current);
            } else {
                assertTrue(current != null, file + ": a directive before any section: " + raw);
                current.add(line);
            }
        }
        return new HaproxyConfig(sections);
    }

    /** The directives of the section whose header is {@code header} ("frontend chat"); fails if there is none. */
    List<String> section(String header) {
        List<String> s = sections.get(header);
        assertTrue(s != null, "no section '" + header + "' in " + sections.keySet());
        return s;
    }

    boolean hasSection(String header) {
        return sections.containsKey(header);
    }

    /** The arguments of each directive of the section that starts with {@code keyword} (a word or several). */
    List<String> all(String header, String keyword) {
        return section(header).stream().filter(d -> d.equals(keyword) || d.startsWith(keyword + " "))
                .map(d -> d.substring(keyword.length()).strip()).collect(Collectors.toList());
    }

    /** The arguments of the one directive of the section that starts with {@code keyword}. */
    String one(String header, String keyword) {
        List<String> found = all(header, keyword);
        assertTrue(found.size() == 1, "one '" + keyword + "' in '" + header + "': " + found);
        return found.get(0);
    }

    /** An HAProxy time ("30s", "1h", "500" for milliseconds). */
    static Duration time(String text) {
        Matcher m = TIME.matcher(text);
        assertTrue(m.matches(), "an HAProxy time: " + text);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "us" -> Duration.ofNanos(n * 1000);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofMillis(n);
        };
    }

    /** The line up to a {@code #} that starts a comment: one outside quotes and not escaped. */
    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
