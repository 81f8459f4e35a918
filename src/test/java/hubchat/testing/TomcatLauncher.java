package hubchat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a Tomcat of the tests' own, as {@code catalina.sh run} would, from the distribution the
 * build unpacked ({@code CATALINA_HOME}, the pom's {@code tomcat.home}), with a fresh
 * {@code CATALINA_BASE}: the distribution's conf/ but a server.xml of its own (one HTTP connector
 * on loopback at a free port, no shutdown port: it is stopped by a signal; the stock
 * server.xml's users, a {@code UserDatabaseRealm} reading conf/tomcat-users.xml behind a
 * {@code LockOutRealm}; and the access log as the shipped configurations write it, each
 * request's path without its query), and the WAR in webapps/, deployed at start-up under its
 * context. What an operator would add to a base can be added too: jars in lib/ (the server's
 * class path, e.g. a JDBC driver for a container DataSource) and files such as
 * conf/Catalina/localhost/CONTEXT.xml (the app's context, e.g. a {@code <Resource>}) or
 * conf/tomcat-users.xml (the users the realm knows; the stock file has none).
 */
public final class TomcatLauncher {

    /** What catalina.sh passes to Tomcat 11 on Java 17 (for its leak detection). */
    private static final List<String> ADD_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED");
    private static final List<String> STOCK_CONF =
            List.of("catalina.properties", "context.xml", "logging.properties", "tomcat-users.xml", "web.xml");

    private TomcatLauncher() {
    }

    /**
     * Starts Tomcat from {@code home} with a new base in {@code base} (emptied first), serving
     * {@code war} at {@code /context/} on a free port, with {@code jvmOptions} and
     * {@code environment} (e.g. {@code CHAT_*} settings). Returns at once: see {@link ServerProcess#awaitUp}.
     */
    public static ServerProcess launch(Path home, Path base, Path war, String context,
                                       List<String> jvmOptions, Map<String, String> environment) {
        return launch(home, base, war, context, jvmOptions, environment, List.of(), Map.of());
    }

    /**
     * {@link #launch(Path, Path, Path, String, List, Map)} with {@code libJars} copied into the
     * base's lib/ and {@code baseFiles} (a path relative to the base, and its text) written there.
     */
    public static ServerProcess launch(Path home, Path base, Path war, String context, List<String> jvmOptions,
                                       Map<String, String> environment, List<Path> libJars, Map<String, String> baseFiles) {
        int port = RedisProcess.freePort();
        try {
            prepareBase(home, base, port, war, context);
            addToBase(base, libJars, baseFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make CATALINA_BASE " + base, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(ADD_OPENS);
        command.addAll(List.of(
                "-Dcatalina.home=" + home.toAbsolutePath(), "-Dcatalina.base=" + base.toAbsolutePath(),
                "-Djava.io.tmpdir=" + base.resolve("temp").toAbsolutePath(),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties").toAbsolutePath(),
                "-cp", home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator + home.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        URI at = URI.create("http://localhost:" + port + "/" + context + "/");
        return ServerProcess.launch("Tomcat", at, command, environment, base.resolve("logs/console.log"));
    }

    private static void prepareBase(Path home, Path base, int port, Path war, String context) throws IOException {
        if (!Files.isRegularFile(home.resolve("bin/bootstrap.jar"))) {
            throw new IllegalStateException("no Tomcat at " + home + ": run `./mvnw verify`, which unpacks it first");
        }
        RedisProcess.deleteTree(base);
        for (String dir : List.of("conf", "logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(dir));
        }
        for (String file : STOCK_CONF) {
            Files.copy(home.resolve("conf").resolve(file), base.resolve("conf").resolve(file));
        }
        Files.writeString(base.resolve("conf/server.xml"), serverXml(port));
        Files.copy(war, base.resolve("webapps").resolve(context + ".war"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void addToBase(Path base, List<Path> libJars, Map<String, String> baseFiles) throws IOException {
        for (Path jar : libJars) {
            Files.createDirectories(base.resolve("lib"));
            Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        for (Map.Entry<String, String> file : baseFiles.entrySet()) {
            Path to = base.resolve(file.getKey()).normalize();
            if (!to.startsWith(base.normalize())) {
                throw new IllegalArgumentException("not inside CATALINA_BASE: " + file.getKey());
            }
            Files.createDirectories(to.getParent());
            Files.writeString(to, file.getValue());
        }
    }

    private static String serverXml(int port) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by hubchat.testing.TomcatLauncher for one test run. -->
                <Server port="-1" shutdown="SHUTDOWN">
                  <Listener className="org.apache.catalina.startup.VersionLoggerListener" />
                  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />
                  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener" />
                  <GlobalNamingResources>
                    <Resource name="UserDatabase" auth="Container" type="org.apache.catalina.UserDatabase"
                              factory="org.apache.catalina.users.MemoryUserDatabaseFactory"
                              pathname="conf/tomcat-users.xml" />
                  </GlobalNamingResources>
                  <Service name="Catalina">
                    <Connector address="localhost" port="%d" protocol="HTTP/1.1" connectionTimeout="20000" />
                    <Engine name="Catalina" defaultHost="localhost">
                      <Realm className="org.apache.catalina.realm.LockOutRealm">
                        <Realm className="org.apache.catalina.realm.UserDatabaseRealm" resourceName="UserDatabase" />
                      </Realm>
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false">
                        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs"
                               prefix="localhost_access_log" suffix=".txt"
                               pattern="%%h %%l %%u %%t &quot;%%m %%U %%H&quot; %%s %%b" />
                      </Host>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(port);
    }
}
