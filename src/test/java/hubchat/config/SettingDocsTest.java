package hubchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table and {@code docker/hubchat.env} say what {@link Setting} says:
 * every setting, with its property, its default and its description word for word, and nothing
 * else. On a difference the message holds the text that belongs there ({@link SettingDocs}).
 */
class SettingDocsTest {
    /** A setting's line in the env file, commented out or not: {@code # CHAT_X=value}. */
    private static final Pattern ENV_LINE = Pattern.compile("#? ?(CHAT_[A-Z0-9_]+)=(.*)");

    @Test
    void theReadmeTableIsTheSettingsWithTheirDefaultsAndDescriptions() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("| `CHAT_"))
                .collect(Collectors.toList());
        List<String> expected = SettingDocs.readmeRows();
        if (!expected.equals(rows)) {
            fail("README.md's settings table differs from Setting."
                    + rows.stream().filter(r -> !expected.contains(r)).map(r -> "\nnot a setting's row: " + r).collect(Collectors.joining())
                    + expected.stream().filter(r -> !rows.contains(r)).map(r -> "\nexpected README row: " + r).collect(Collectors.joining())
                    + "\nThe table's rows, in order:\n" + String.join("\n", expected) + "\n");
        }
    }

    @Test
    void theEnvFileListsEverySettingWithItsDefaultAndDescription() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("docker/hubchat.env"));
        Map<Setting, Integer> lineOf = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ENV_LINE.matcher(lines.get(i));
            if (m.matches()) {
                Setting s = known(m.group(1));
                if (s == null) {
                    fail("docker/hubchat.env lists an unknown setting: " + lines.get(i));
                }
                assertTrue(lineOf.put(s, i) == null, "docker/hubchat.env lists " + s.env() + " twice");
            }
        }
        for (Setting s : Setting.values()) {
            String block = SettingDocs.envComment(s) + "\n" + SettingDocs.envLine(s);
            Integer i = lineOf.get(s);
            if (i == null || i == 0 || !lines.get(i - 1).equals(SettingDocs.envComment(s))) {
                fail("docker/hubchat.env should have, for " + s.env() + ":\n" + block
                        + "\n(all of its settings part:\n" + SettingDocs.envBlocks() + "\n)");
            }
            Matcher m = ENV_LINE.matcher(lines.get(i));
            assertTrue(m.matches());
            String value = m.group(2);
            if (s.defaultValue().isEmpty()) {
                s.type().parse(value.trim()); // no default to show: an example, which must be valid
            } else {
                assertEquals(s.defaultValue(), value, "docker/hubchat.env shows the default of " + s.env() + ":\n" + block);
            }
        }
    }

    private static Setting known(String env) {
        for (Setting s : Setting.values()) {
            if (s.env().equals(env)) {
                return s;
            }
        }
        return null;
    }
}
