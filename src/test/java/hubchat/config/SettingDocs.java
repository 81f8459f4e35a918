package hubchat.config;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The operator documentation of the settings as {@link Setting} declares them: the rows of the
 * README's settings table and the blocks of {@code docker/hubchat.env}. {@link SettingDocsTest}
 * compares the files with these and prints them when they differ; {@link #main} prints them
 * whole, to paste after adding or changing a setting.
 */
final class SettingDocs {

    private SettingDocs() {
    }

    /** {@code | `CHAT_X` | `-Dchat.x` | `default` | description |}; an empty default is "(none)". */
    static String readmeRow(Setting s) {
        String shownDefault = s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
        return "| `" + s.env() + "` | `-D" + s.property() + "` | " + shownDefault + " | " + s.description() + " |";
    }

    static List<String> readmeRows() {
        return Arrays.stream(Setting.values()).map(SettingDocs::readmeRow).collect(Collectors.toList());
    }

    /** The comment above a setting's line in {@code docker/hubchat.env}. */
    static String envComment(Setting s) {
        return "# " + s.description();
    }

    /**
     * The setting's line in {@code docker/hubchat.env}, commented out so the default applies.
     * Where the default is empty the file may show an example value instead, which the test
     * checks is valid.
     */
    static String envLine(Setting s) {
        return "# " + s.env() + "=" + s.defaultValue();
    }

    /** The application settings part of {@code docker/hubchat.env}, blocks separated by a bare {@code #}. */
    static String envBlocks() {
        return Arrays.stream(Setting.values())
                .map(s -> envComment(s) + "\n" + envLine(s))
                .collect(Collectors.joining("\n#\n"));
    }

    public static void main(String[] args) {
        System.out.println(String.join("\n", readmeRows()));
        System.out.println();
        System.out.println(envBlocks());
    }
}
