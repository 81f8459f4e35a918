package hubchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's settings table says what {@link Setting} says: every variable, its property, its default. */
class ReadmeSettingsTest {

    @Test
    void theReadmeTableListsEverySettingWithItsDefault() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("| `CHAT_"))
                .collect(Collectors.toList());
        assertEquals(Setting.values().length, rows.size(), "one row per setting");
        for (Setting s : Setting.values()) {
            String row = rows.stream().filter(r -> r.startsWith("| `" + s.env() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README has no row for " + s.env()));
            List<String> cells = Arrays.stream(row.split("\\|")).map(String::trim).collect(Collectors.toList());
            assertEquals("`-D" + s.property() + "`", cells.get(2), s.env());
            String expectedDefault = s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
            assertEquals(expectedDefault, cells.get(3), s.env());
            assertTrue(cells.get(4).length() > 10, "a description for " + s.env());
        }
    }
}
