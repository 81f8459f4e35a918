package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chat page checks a message's length before sending, with its own copy of the limit in
 * js/limits.js: it must be {@link Limits#MAX_TEXT_LENGTH}, so that the page neither refuses what
 * the server takes nor lets through what it refuses.
 */
class PageLimitsTest {
    /** The page's line:   export const MAX_TEXT_LENGTH = 2000; */
    private static final Pattern PAGE_LIMIT = Pattern.compile("(?m)^export const MAX_TEXT_LENGTH = (\\d+);$");

    @Test
    void thePagesMessageLimitIsTheServers() throws Exception {
        String page = Files.readString(Path.of("src/main/webapp/js/limits.js"));
        Matcher m = PAGE_LIMIT.matcher(page);
        assertTrue(m.find(), "js/limits.js declares MAX_TEXT_LENGTH");
        assertEquals(Limits.MAX_TEXT_LENGTH, Integer.parseInt(m.group(1)));
        assertTrue(!m.find(), "declared once");
    }
}
