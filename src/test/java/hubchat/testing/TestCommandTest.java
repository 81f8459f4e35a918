package hubchat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CI tests what a newcomer tests: .ci/run's Maven command is the README's test command plus
 * batch mode and the switch that allows no skipped suite, and nothing else.
 */
class TestCommandTest {

    @Test
    void ciRunsTheReadmesTestCommandAllowingNoSkips() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("Run every test [^`]*```sh\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README: 'Run every test' and its command");
        List<String> readmeCommand = List.of(block.group(1).strip().split("\\s+"));

        List<String> ciCommands = Files.readAllLines(Path.of(".ci/run")).stream().map(String::strip)
                .filter(l -> l.startsWith("./mvnw")).toList();
        assertEquals(1, ciCommands.size(), ".ci/run runs Maven once: " + ciCommands);
        List<String> ciCommand = new ArrayList<>(List.of(ciCommands.get(0).split("\\s+")));
        assertTrue(ciCommand.remove("-Dhubchat.require-all"), "CI allows no skipped suite: " + ciCommand);
        ciCommand.remove("-B");
        assertEquals(readmeCommand, ciCommand, "apart from -B and -Dhubchat.require-all");
    }
}
