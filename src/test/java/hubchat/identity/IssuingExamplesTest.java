package hubchat.identity;

import static hubchat.testing.SignedTokens.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two examples of issuing a token are right: its Java is {@link ChatTokens} word
 * for word, and what that issues the server accepts; its shell script, run as written with the
 * real {@code openssl}, prints tokens the server accepts and refuses input that would break them.
 * The README is the source of the script: it is taken from between its marker comments.
 */
class IssuingExamplesTest {
    private static final Path README = Path.of("README.md");
    private static final Path JAVA_EXAMPLE = Path.of("src/test/java/hubchat/identity/ChatTokens.java");
    /** What the Java file has that the README leaves out. */
    private static final String PACKAGE_LINE = "package hubchat.identity;\n\n";
    /** Longest a script may take, on a loaded machine. */
    private static final long SCRIPT_SECONDS = 30;

    private final TokenVerifier server = new TokenVerifier(SECRET);

    @TempDir
    Path dir;

    /** The fenced block between {@code <!-- NAME: begin -->} and {@code <!-- NAME: end -->}, without its fences. */
    static String readmeBlock(String readme, String name, String language) {
        String begin = "<!-- " + name + ": begin -->\n```" + language + "\n";
        String end = "```\n<!-- " + name + ": end -->";
        int from = readme.indexOf(begin);
        int to = readme.indexOf(end, from + 1);
        assertTrue(from >= 0 && to > from, "README.md has the block " + name + " between its markers");
        return readme.substring(from + begin.length(), to);
    }

    @Test
    void theReadmeShowsTheJavaIssuerWordForWord() throws IOException {
        String source = Files.readString(JAVA_EXAMPLE);
        assertTrue(source.startsWith(PACKAGE_LINE), "the example's only line the README leaves out comes first");
        assertEquals(source.substring(PACKAGE_LINE.length()),
                readmeBlock(Files.readString(README), "issuing-example-java", "java"),
                "README.md's Java example is " + JAVA_EXAMPLE + " less its package line");
    }

    @Test
    void theJavaIssuersTokensAreAccepted() throws Exception {
        ChatTokens issuer = new ChatTokens(SECRET);
        Instant before = Instant.now();
        String token = issuer.issue("user-17", "Ann", List.of("lobby", "dev"), Duration.ofMinutes(5));
        assertEquals(new Identity("user-17", "Ann", Set.of("lobby", "dev")), server.verify(token));
        Date exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime();
        assertTrue(!exp.toInstant().isBefore(before.plusSeconds(299)) && exp.toInstant().isBefore(Instant.now().plusSeconds(301)),
                "expires in five minutes: " + exp);

        Identity anyRoom = server.verify(issuer.issue("user-18", null, null, Duration.ofMinutes(5)));
        assertEquals(new Identity("user-18", null, null), anyRoom, "no name and no rooms are left out, not null");
        assertNull(SignedJWT.parse(issuer.issue("user-18", null, null, Duration.ofMinutes(5))).getJWTClaimsSet().getClaim("rooms"));

        assertEquals("the token has expired", assertThrowsBad(issuer.issue("user-19", "Ann", null, Duration.ofMinutes(-2))));
        assertEquals("the token is not a JWT signed with HS256 and this server's secret",
                assertThrowsBad(new ChatTokens("another secret of 32 bytes or more").issue("user-19", "Ann", null, Duration.ofMinutes(5))));
    }

    @Test
    @RequiresPrograms(SystemProgram.OPENSSL)
    void theShellIssuersTokensAreAccepted() throws Exception {
        Path script = script();
        Instant before = Instant.now();
        for (String shell : shells()) {
            Run run = run(shell, script, SECRET, "user-17", "Zo\u00eb Ann", "lobby", "dev-2");
            assertEquals(0, run.exit(), shell + ": " + run.err());
            Identity zoe = server.verify(run.out().strip());
            assertEquals(new Identity("user-17", "Zo\u00eb Ann", Set.of("lobby", "dev-2")), zoe, shell);
            Date exp = SignedJWT.parse(run.out().strip()).getJWTClaimsSet().getExpirationTime();
            assertTrue(!exp.toInstant().isBefore(before.plusSeconds(299)) && exp.toInstant().isBefore(Instant.now().plusSeconds(301)),
                    "expires in five minutes: " + exp);

            Run anyRoom = run(shell, script, SECRET, "user-18", "Bob");
            assertEquals(new Identity("user-18", "Bob", null), server.verify(anyRoom.out().strip()), shell + ": no ROOM, any room");

            Run otherSecret = run(shell, script, "another secret of 32 bytes or more", "user-18", "Bob");
            assertEquals("the token is not a JWT signed with HS256 and this server's secret", assertThrowsBad(otherSecret.out().strip()));
        }
    }

    /** A quote, a backslash or a control character would make the claims another JSON, or none: refused, nothing printed. */
    @Test
    @RequiresPrograms(SystemProgram.OPENSSL)
    void theShellIssuerRefusesWhatWouldBreakTheToken() throws Exception {
        Path script = script();
        for (String shell : shells()) {
            for (String[] args : List.of(
                    new String[] {"user-1", "Ann\",\"rooms\":[\"admin\"]"},
                    new String[] {"user-1\\", "Ann"},
                    new String[] {"user-1", "Ann\tBob"},
                    new String[] {"user-1", "Ann", "lobby", "not a room"},
                    new String[] {"user-1", "Ann", "lobby\"]"},
                    new String[] {"user-1"})) {
                Run run = run(shell, script, SECRET, args);
                assertEquals(2, run.exit(), shell + " " + List.of(args) + ": " + run.err());
                assertEquals("", run.out(), "no token printed");
                assertTrue(!run.err().isBlank(), "says why");
            }
        }
    }

    private String assertThrowsBad(String token) {
        try {
            server.verify(token);
        } catch (TokenVerifier.BadTokenException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + token);
    }

    /** The README's script, written to a file as a reader saves it. */
    private Path script() throws IOException {
        Path script = dir.resolve("issue-token.sh");
        Files.writeString(script, readmeBlock(Files.readString(README), "issuing-example-shell", "sh"));
        return script;
    }

    /** The POSIX shell the README says to run it with, and bash where there is one (both are common). */
    private static List<String> shells() {
        List<String> shells = new ArrayList<>(List.of("/bin/sh"));
        if (Files.isExecutable(Path.of("/bin/bash"))) {
            shells.add("/bin/bash");
        }
        return shells;
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String shell, Path script, String secret, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(shell, script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Path openssl = SystemProgram.OPENSSL.path();
        builder.environment().put("PATH", openssl.getParent() + File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("CHAT_JWT_SECRET", secret);
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process p = builder.start();
        if (!p.waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + SCRIPT_SECONDS + " s");
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
