package hubchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a Payara Micro of the tests' own, as README's "Deploy to Payara" does
 * ({@code java -jar payara-micro.jar --deploy WAR --contextroot ... --port ...}), from the jar
 * the build copied (the pom's {@code it.payara.jar}) on the java the pom picks for Payara 6
 * ({@code it.payara.java}, a Java 17), in a fresh folder: its root directory ({@code root/}) and
 * its console ({@code console.log}). No Hazelcast (each node is on its own: whatever they share
 * goes through Redis) and no usage report sent home.
 */
public final class PayaraMicroLauncher {

    private PayaraMicroLauncher() {
    }

    /**
     * Starts {@code jar} on {@code java} in {@code dir} (emptied first), serving {@code war} at
     * {@code /context/} (at the server's root for {@code "/"}) on a free port, with {@code jvmOptions} and
     * {@code environment}. Returns at once: see {@link ServerProcess#awaitUp}.
     */
    public static ServerProcess launch(Path java, Path jar, Path dir, Path war, String context,
                                       List<String> jvmOptions, Map<String, String> environment) {
        return launch(java, jar, dir, war, context, jvmOptions, environment, List.of());
    }

    /**
     * {@link #launch(Path, Path, Path, Path, String, List, Map)} with more of Payara Micro's own
     * options after the ones above, as an operator adds them (e.g. {@code --addlibs JAR},
     * {@code --postbootcommandfile FILE}).
     */
    public static ServerProcess launch(Path java, Path jar, Path dir, Path war, String context, List<String> jvmOptions,
                                       Map<String, String> environment, List<String> payaraOptions) {
        int port = RedisProcess.freePort();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Payara Micro at " + jar + ": run `./mvnw verify`, which copies it first");
        }
        Path root = dir.resolve("root");
        try {
            RedisProcess.deleteTree(dir);
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make Payara Micro's folder " + dir, e);
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--deploy", war.toAbsolutePath().toString(), "--contextroot", context,
                "--port", String.valueOf(port), "--rootdir", root.toAbsolutePath().toString(),
                "--nohazelcast", "--disablephonehome"));
        command.addAll(payaraOptions);
        URI at = URI.create("http://localhost:" + port + (context.equals("/") ? "/" : "/" + context + "/"));
        return ServerProcess.launch("Payara Micro", at, command, environment, dir.resolve("console.log"));
    }
}
