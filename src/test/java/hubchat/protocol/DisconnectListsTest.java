package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The lists of close reason tokens outside Java say what {@link Disconnect} says: the table of
 * docs/protocol.md, which is the contract for clients, and the page's own table in
 * js/disconnect.js. Each is compared as "token code advice", so a token added, dropped or
 * changed in one place fails here until every list agrees.
 */
class DisconnectListsTest {
    /** A row of the docs' token table: | `token` | code | meaning | `advice`... | */
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (\\d{4}) \\| [^|]+ \\| `([a-z]+)`.*\\|$");
    /** A line of the page's table:   token: { code: 1008, reconnect: 'advice' }, */
    private static final Pattern PAGE_LINE = Pattern.compile("^\\s+([a-z_]+): \\{ code: (\\d{4}), reconnect: '([a-z]+)' \\},?$");

    @Test
    void theProtocolDocListsEverySentTokenWithItsCodeAndAdvice() throws Exception {
        String doc = Files.readString(Path.of("docs/protocol.md"));
        assertEquals(expected(), rows(closeCodesSection(doc), DOC_ROW));
        for (Disconnect cause : Disconnect.values()) {
            if (!cause.sent()) {
                assertTrue(doc.contains("`" + cause.token() + "`"), "docs/protocol.md names " + cause.token());
            }
        }
    }

    @Test
    void thePageKnowsEverySentTokenWithItsCodeAndAdvice() throws Exception {
        String page = Files.readString(Path.of("src/main/webapp/js/disconnect.js"));
        assertEquals(expected(), rows(page, PAGE_LINE));
    }

    /** Token to "code advice", for every cause the server sends. */
    private static Map<String, String> expected() {
        return Arrays.stream(Disconnect.values()).filter(Disconnect::sent).collect(Collectors.toMap(
                Disconnect::token, c -> c.code() + " " + c.reconnect().token(), (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> rows(String text, Pattern row) {
        Map<String, String> found = new TreeMap<>();
        for (String line : text.lines().toList()) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                String before = found.put(m.group(1), m.group(2) + " " + m.group(3));
                assertEquals(null, before, "listed twice: " + m.group(1));
            }
        }
        return found;
    }

    private static String closeCodesSection(String doc) {
        List<String> sections = Arrays.asList(doc.split("\n(?=## )"));
        return sections.stream().filter(s -> s.startsWith("## Close codes\n")).findFirst()
                .orElseThrow(() -> new AssertionError("docs/protocol.md has no Close codes section"));
    }
}
