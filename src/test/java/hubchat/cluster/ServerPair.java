package hubchat.cluster;

import hubchat.testing.PayaraMicroLauncher;
import hubchat.testing.ServerProcess;
import hubchat.testing.TomcatLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Tomcat 11 with {@code hubchat-tomcat.war} and a Payara Micro 6 with {@code hubchat.war},
 * both at {@code /chat/}, started side by side for one suite with settings of its own (a mode
 * the shared servers of {@link TwoServers} cannot have), each as an operator would configure it:
 * Tomcat with its environment and files in its base (e.g. conf/tomcat-users.xml), Payara Micro
 * with system properties, its environment and its own options (e.g. a post-boot command file).
 * No Redis. The suite closes it when it ends; the servers' files stay in the folder given, for
 * a look after a failure and for a test that searches their logs ({@link #logFiles}).
 * Not {@link TwoServers}: those share one Redis and the default settings.
 */
final class ServerPair implements AutoCloseable {

    /** Longest either server may take to be ready (Payara Micro takes 10 to 40 s here, more when both start). */
    private static final Duration START = Duration.ofSeconds(180);
    /** Small heaps and a quick JIT, as the other suites with servers of their own. */
    private static final List<String> JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** Both apps' context path. */
    static final String CONTEXT = "chat";
    /** Where a pair's servers keep their files: the two-server suites' folder, kept after the run for a look. */
    private static final Path FOLDERS = Path.of(property("it.two-servers.dir", "target/two-servers"));
    /** Payara Micro's log folder in a pair's folder: the {@code logs} of its root. */
    private static final String PAYARA_LOGS = "payara/root/logs";
    /** The folder in a pair's for Payara Micro's access log: beside its own, which its launcher empties before Payara makes files there. */
    private static final String PAYARA_ACCESS_LOG = "payara-access";

    /** Which of the two. */
    enum Container { TOMCAT, PAYARA }

    /** Tomcat's part: environment variables, and files written into its base (path relative to the base, text). */
    record TomcatSetup(Map<String, String> environment, Map<String, String> baseFiles) {
    }

    /** Payara Micro's part: JVM options (system properties), environment variables, and options of Payara Micro's own. */
    record PayaraSetup(List<String> jvmOptions, Map<String, String> environment, List<String> options) {
    }

    private final Path dir;
    private final ServerProcess tomcat;
    private final ServerProcess payara;

    private ServerPair(Path dir, ServerProcess tomcat, ServerProcess payara) {
        this.dir = dir;
        this.tomcat = tomcat;
        this.payara = payara;
    }

    /**
     * The folder of the pair named {@code name} (made if missing; what a launcher puts there is
     * emptied at its start), for the servers and for files a suite gives them.
     */
    static Path folder(String name) {
        Path dir = FOLDERS.resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An empty folder for Payara Micro's access log ({@code --accesslog FOLDER}, which must
     * exist) in the pair's {@code folder}; {@link #logFiles} reads it too.
     */
    static Path payaraAccessLog(Path folder) {
        Path access = folder.resolve(PAYARA_ACCESS_LOG);
        try {
            Files.createDirectories(access);
            try (Stream<Path> old = Files.list(access)) {
                for (Path file : old.toList()) {
                    Files.delete(file); // Payara Micro writes files only there
                }
            }
            return access;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both servers at once in {@code dir} ({@link #folder}); returns when both say they are ready (see ServerProcess#awaitUp). */
    static ServerPair start(Path dir, TomcatSetup tomcatSetup, PayaraSetup payaraSetup) {
        ServerProcess tomcat = null;
        ServerProcess payara = null;
        try {
            tomcat = TomcatLauncher.launch(Path.of(property("it.tomcat.home", "target/tomcat/apache-tomcat-11.0.24")),
                    dir.resolve("tomcat"), Path.of(property("it.tomcat.war", "target/hubchat-tomcat.war")), CONTEXT, JVM,
                    tomcatSetup.environment(), List.of(), tomcatSetup.baseFiles());
            payara = PayaraMicroLauncher.launch(
                    Path.of(property("it.payara.java", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                    Path.of(property("it.payara.jar", "target/payara-micro/payara-micro-6.2025.10.jar")),
                    dir.resolve("payara"), Path.of(property("it.plain.war", "target/hubchat.war")), CONTEXT,
                    Stream.concat(JVM.stream(), payaraSetup.jvmOptions().stream()).toList(), payaraSetup.environment(),
                    payaraSetup.options());
            tomcat.awaitUp(START);
            payara.awaitUp(START);
            return new ServerPair(dir, tomcat, payara);
        } catch (RuntimeException | Error e) {
            stopQuietly(tomcat);
            stopQuietly(payara);
            throw e;
        }
    }

    ServerProcess server(Container container) {
        return container == Container.TOMCAT ? tomcat : payara;
    }

    /**
     * Every file a server logged to: Tomcat's base's logs/ (its console and access log among
     * them); Payara Micro's console, its root's logs/ and its access log if a suite turned it
     * on ({@link #payaraAccessLog}).
     */
    List<Path> logFiles(Container container) {
        List<Path> files = new ArrayList<>();
        List<Path> folders = container == Container.TOMCAT ? List.of(dir.resolve("tomcat/logs"))
                : List.of(dir.resolve(PAYARA_LOGS), dir.resolve(PAYARA_ACCESS_LOG));
        if (container == Container.PAYARA) {
            files.add(dir.resolve("payara/console.log"));
        }
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> all = Files.walk(folder)) {
                    all.filter(Files::isRegularFile).filter(f -> !files.contains(f)).forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    /** The text of every file of {@link #logFiles}, by file (read as ISO-8859-1: any bytes read). */
    Map<Path, String> logs(Container container) {
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path file : logFiles(container)) {
            try {
                texts.put(file, Files.readString(file, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts;
    }

    /** Both servers (SIGTERM, then a wait). */
    @Override
    public void close() {
        stopQuietly(tomcat);
        stopQuietly(payara);
    }

    private static String property(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void stopQuietly(ServerProcess server) {
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                System.err.println("stopping " + server + ": " + e);
            }
        }
    }
}
