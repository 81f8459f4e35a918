package hubchat.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of {@link FrameFuzzTest} is what {@link FuzzSeeds} says it is: each script
 * reads back from its bytes as itself, and each file in the inputs directory holds those bytes.
 * With {@code -Dfuzz.seeds.write=true} the files are written first (after changing a seed or
 * the way a {@link Script} is read). Other files there (Jazzer's findings) are left alone.
 */
class FuzzSeedsTest {
    /** Jazzer's layout: {@code <package>/<class>Inputs/<method>/} under the test resources. */
    static final Path INPUTS = Path.of("src/test/resources/hubchat/fuzz/FrameFuzzTestInputs",
            "noVisitHurtsTheRoomOrLeavesAnythingBehind");

    @Test
    void everySeedReadsBackAsItsScript() {
        FuzzSeeds.all().forEach((name, script) ->
                assertEquals(script, Script.read(new SeedBytes.Reader(script.write())), name));
    }

    @Test
    void theSeedFilesAreTheSeeds() throws IOException {
        Map<String, Script> seeds = FuzzSeeds.all();
        if (Boolean.getBoolean("fuzz.seeds.write")) {
            Files.createDirectories(INPUTS);
            for (Map.Entry<String, Script> e : seeds.entrySet()) {
                Files.write(INPUTS.resolve(e.getKey()), e.getValue().write());
            }
        }
        for (Map.Entry<String, Script> e : seeds.entrySet()) {
            Path file = INPUTS.resolve(e.getKey());
            assertTrue(Files.isRegularFile(file), file + " is missing: run with -Dfuzz.seeds.write=true");
            assertArrayEquals(e.getValue().write(), Files.readAllBytes(file), file + " is not its seed");
        }
    }

    @Test
    void aShortOrEmptyInputIsAnEmptyVisit() {
        Script.Value none = new Script.Value.Absent();
        assertEquals(new Script(new Script.Query.Params(none, none, none), List.of()),
                Script.read(new SeedBytes.Reader(new byte[0])));
    }
}
