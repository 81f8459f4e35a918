package hubchat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void roomsAreOneTo64SafeCharacters() {
        assertTrue(Names.isValidRoom("lobby"));
        assertTrue(Names.isValidRoom("A-z_09"));
        assertTrue(Names.isValidRoom("r".repeat(64)));
        for (String bad : new String[] {null, "", "r".repeat(65), "a b", "a/b", "..", "caf\u00e9", "a%20b", "<x>"}) {
            assertFalse(Names.isValidRoom(bad), String.valueOf(bad));
        }
    }

    @Test
    void nicksAreTrimmedAndLimitedTo32Characters() {
        assertEquals(Optional.of("ann"), Names.cleanNick("  ann\t"));
        assertEquals(Optional.of("<img src=x onerror=alert(1)>"), Names.cleanNick("<img src=x onerror=alert(1)>"));
        assertEquals(Optional.of("\uD83D\uDE00".repeat(32)), Names.cleanNick("\uD83D\uDE00".repeat(32)));
        assertEquals(Optional.empty(), Names.cleanNick("x".repeat(33)));
    }

    @Test
    void nicksWithControlOrInvisibleCharactersAreRefused() {
        for (String bad : new String[] {null, "", "  ", "a\u0000", "a\nb", "a\u0007", "\u202Eevil", "zero\u200Bwidth",
                "a\u2028b", "\uD800lone", "\uE000private"}) {
            assertEquals(Optional.empty(), Names.cleanNick(bad), String.valueOf(bad));
        }
    }
}
