package hubchat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the tests look for each {@link SystemProgram}, and that the list of them is the one that
 * .ci/run installs from and the README's Quick start tells a newcomer to install.
 */
class SystemProgramTest {

    private static final UnaryOperator<String> NO_SETTINGS = key -> null;

    @TempDir
    Path dir;

    @Test
    void aCommandIsTheFirstExecutableOneOnThePath() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path notExecutable = file(dir.resolve("plain"), "docker-compose", "rw-r--r--");
        Path first = executable(dir.resolve("first"), "docker-compose");
        Path second = executable(dir.resolve("second"), "docker-compose");

        assertEquals(Optional.of(first.resolve("docker-compose")),
                SystemProgram.DOCKER_COMPOSE.find(NO_SETTINGS, path(empty, notExecutable, first, second)));
        assertEquals(Optional.of(second.resolve("docker-compose")),
                SystemProgram.DOCKER_COMPOSE.find(NO_SETTINGS, path(second, first)));
        assertEquals(Optional.empty(), SystemProgram.DOCKER_COMPOSE.find(NO_SETTINGS, path(empty, notExecutable)),
                "a file without execute permission does not count");
        assertEquals(Optional.empty(), SystemProgram.DOCKER_COMPOSE.find(NO_SETTINGS, ""), "an empty PATH");
        assertEquals(Optional.empty(), SystemProgram.DOCKER_COMPOSE.find(NO_SETTINGS, null), "no PATH at all");
        assertEquals("docker-compose on the PATH", SystemProgram.DOCKER_COMPOSE.wanted(NO_SETTINGS));
    }

    @Test
    void itsPropertyPointsTheTestsElsewhereOrHidesIt() throws IOException {
        Path onPath = executable(dir.resolve("bin"), "docker-compose");
        Path other = executable(dir.resolve("other"), "compose-v1").resolve("compose-v1");
        String missing = dir.resolve("nowhere/docker-compose").toString();

        assertEquals("it.docker-compose", SystemProgram.DOCKER_COMPOSE.overrideProperty());
        assertEquals(Optional.of(other), SystemProgram.DOCKER_COMPOSE.find(
                Map.of("it.docker-compose", other.toString())::get, path(onPath)));
        assertEquals(Optional.empty(), SystemProgram.DOCKER_COMPOSE.find(
                Map.of("it.docker-compose", missing)::get, path(onPath)), "hidden although it is on the PATH");
        assertEquals(missing, SystemProgram.DOCKER_COMPOSE.wanted(Map.of("it.docker-compose", missing)::get));
    }

    @Test
    void theBrowserIsDebiansWhateverThePath() throws IOException {
        Path onPath = executable(dir.resolve("bin"), "chromium");

        assertEquals("/usr/bin/chromium", SystemProgram.CHROMIUM.wanted(NO_SETTINGS));
        assertEquals("/usr/bin/chromedriver", SystemProgram.CHROMEDRIVER.wanted(NO_SETTINGS));
        assertEquals("it.chromium", SystemProgram.CHROMIUM.overrideProperty(), "the property the README documents");
        assertEquals("it.chromedriver", SystemProgram.CHROMEDRIVER.overrideProperty());
        Optional<Path> found = SystemProgram.CHROMIUM.find(NO_SETTINGS, path(onPath));
        assertTrue(found.isEmpty() || found.get().equals(Path.of("/usr/bin/chromium")),
                "never the one on the PATH: " + found);
    }

    @Test
    void postgresIsTheNewestDebianVersionThatHasItWhateverThePath() throws IOException {
        Path lib = dir.resolve("lib/postgresql");
        executable(lib.resolve("9.6/bin"), "postgres");
        executable(lib.resolve("10/bin"), "postgres");
        executable(lib.resolve("15/bin"), "postgres");
        executable(lib.resolve("16/bin"), "psql"); // a newer client alone: no server there
        file(lib.resolve("17/bin"), "postgres", "rw-r--r--");
        executable(lib.resolve("latest/bin"), "postgres"); // not a version
        String pattern = lib + "/*/bin/postgres";

        assertEquals(Optional.of(lib.resolve("15/bin/postgres")), SystemProgram.newest(pattern),
                "15: neither 16 (no postgres) nor 17 (not executable) nor a folder not named for a version");
        Files.delete(lib.resolve("15/bin/postgres"));
        assertEquals(Optional.of(lib.resolve("10/bin/postgres")), SystemProgram.newest(pattern),
                "10 is newer than 9.6, compared as numbers");
        assertEquals(Optional.empty(), SystemProgram.newest(dir + "/nowhere/*/bin/postgres"), "no such folder");
        assertEquals(Optional.of(lib.resolve("9.6/bin/postgres")), SystemProgram.newest(lib + "/9.6/bin/postgres"),
                "a pattern without * is that one file");

        assertEquals("/usr/lib/postgresql/*/bin/postgres", SystemProgram.POSTGRES.wanted(NO_SETTINGS));
        assertEquals("it.postgres", SystemProgram.POSTGRES.overrideProperty(), "the property the README documents");
        Path other = executable(dir.resolve("other"), "postgres").resolve("postgres");
        assertEquals(Optional.of(other), SystemProgram.POSTGRES.find(Map.of("it.postgres", other.toString())::get, null));
        Optional<Path> found = SystemProgram.POSTGRES.find(NO_SETTINGS, path(executable(dir.resolve("bin"), "postgres")));
        assertTrue(found.isEmpty() || found.get().toString().matches("/usr/lib/postgresql/[0-9.]+/bin/postgres"),
                "never the one on the PATH: " + found);
    }

    @Test
    void ciInstallsEveryPackageTheTestsNeed() throws IOException {
        String ci = Files.readString(Path.of(".ci/run"));
        Matcher array = Pattern.compile("(?s)\\npackages=\\((.*?)\\n\\)").matcher(ci);
        assertTrue(array.find(), ".ci/run has a packages=( ... ) list");
        Set<String> installed = array.group(1).lines().map(l -> l.replaceFirst("#.*", "").strip())
                .filter(l -> !l.isEmpty()).collect(Collectors.toSet());
        for (SystemProgram program : SystemProgram.values()) {
            assertTrue(installed.contains(program.debianPackage()),
                    ".ci/run installs " + program.debianPackage() + " for " + program + ": " + installed);
        }
    }

    @Test
    void theQuickStartSaysToInstallEveryPackageTheTestsNeed() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Quick start\n");
        assertTrue(start >= 0, "README has a Quick start");
        String quickStart = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Matcher install = Pattern.compile("apt-get install ([a-z0-9 .+-]+)").matcher(quickStart);
        assertTrue(install.find(), "the Quick start names what to apt-get install:\n" + quickStart);
        List<String> named = Arrays.asList(install.group(1).strip().split("\\s+"));
        for (SystemProgram program : SystemProgram.values()) {
            assertTrue(named.contains(program.debianPackage()),
                    "the Quick start's apt-get install names " + program.debianPackage() + ": " + named);
        }
    }

    private static String path(Path... dirs) {
        return Arrays.stream(dirs).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static Path executable(Path folder, String name) throws IOException {
        file(folder, name, "rwxr-xr-x");
        return folder;
    }

    private static Path file(Path folder, String name, String permissions) throws IOException {
        Path file = Files.createDirectories(folder).resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return folder;
    }
}
