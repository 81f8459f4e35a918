package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.PayaraMicroLauncher;
import hubchat.testing.PostgresServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.ServerProcess;
import hubchat.testing.SystemProgram;
import hubchat.testing.TomcatLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History in a real PostgreSQL through a container's own {@code DataSource}, named by
 * {@code CHAT_DB_JNDI}, set up as README's "History that survives a restart" tells an operator:
 * on Tomcat 11 a {@code <Resource>} in the app's context file with the PostgreSQL driver in
 * {@code $CATALINA_BASE/lib}; on Payara Micro 6 a JDBC connection pool and resource made by a
 * post-boot command file, with the driver added by {@code --addlibs}. Messages sent through the
 * server are rows of PostgreSQL (read here over JDBC), at the ids the senders were given; the
 * server restarted on the same database keeps them, {@code since} resumes, and no embedded
 * database is made. A name the container does not have stops the deployment, saying which.
 * Runs with the two-server suites (their execution has both distributions and both WARs), with
 * servers of its own, one at a time, and no Redis.
 */
@Tag(OnTwoServers.TAG)
@RequiresPrograms(SystemProgram.POSTGRES)
class ContainerDataSourceIT {
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final String CONTEXT = "chat";
    private static final String ROOM = "kept";
    /** The JNDI names, as README gives them: the app's own environment on Tomcat, a global name on Payara. */
    private static final String TOMCAT_JNDI = "java:comp/env/jdbc/hubchat";
    private static final String PAYARA_JNDI = "jdbc/hubchat";

    @TempDir
    Path servers;

    @Test
    void tomcatKeepsHistoryInPostgresThroughItsResource() throws Exception {
        try (PostgresServer postgres = PostgresServer.started()) {
            historyInPostgres(postgres, TOMCAT_JNDI, run -> tomcat(run, postgres, TOMCAT_JNDI),
                    run -> servers.resolve("tomcat-" + run).resolve("data"));
        }
    }

    @Test
    void payaraMicroKeepsHistoryInPostgresThroughItsJdbcResource() throws Exception {
        try (PostgresServer postgres = PostgresServer.started()) {
            historyInPostgres(postgres, PAYARA_JNDI, run -> payara(run, postgres, PAYARA_JNDI),
                    run -> servers.resolve("payara-" + run).resolve("root/data"));
        }
    }

    @Test
    void tomcatDoesNotDeployWithAJndiNameItDoesNotHave() throws Exception {
        try (PostgresServer postgres = PostgresServer.started();
                ServerProcess tomcat = tomcat(1, postgres, "java:comp/env/jdbc/nosuch")) {
            tomcat.awaitConsole("hubchat did not start: CHAT_DB_JNDI names no DataSource this server has: "
                    + "java:comp/env/jdbc/nosuch", START);
            String console = tomcat.awaitConsole("Context [/" + CONTEXT + "] startup failed", WAIT); // the deployment failed
            assertEquals(404, tomcat.healthStatus(), "no app at /" + CONTEXT + "/ (one deployed but broken would answer 500)");
            assertFalse(console.contains(postgres.password()), "the database's password is in no log");
        }
    }

    @Test
    void payaraMicroDoesNotDeployWithAJndiNameItDoesNotHave() throws Exception {
        try (PostgresServer postgres = PostgresServer.started();
                ServerProcess payara = payara(1, postgres, "jdbc/nosuch")) {
            payara.awaitConsole("hubchat did not start: CHAT_DB_JNDI names no DataSource this server has: jdbc/nosuch", START);
            String console = payara.awaitConsole(") ready in ", START); // Payara Micro runs on, without the app
            assertTrue(console.contains("Exception while loading the app"), "the deployment failed:\n" + console);
            assertEquals(404, payara.healthStatus(), "no app at /" + CONTEXT + "/ (one deployed but broken would answer 500)");
            assertFalse(console.contains(postgres.password()), "the database's password is in no log");
        }
    }

    /**
     * Three messages on the first start, each a row of PostgreSQL at the id its sender got; then
     * a second start on the same database: {@code since} resumes, a re-send is the stored message,
     * a new one is stored too, and no embedded database was made in {@code dataFolder}.
     */
    private void historyInPostgres(PostgresServer postgres, String jndi, IntFunction<ServerProcess> launch,
            IntFunction<Path> dataFolder) throws Exception {
        List<String> said = new ArrayList<>();
        try (ServerProcess first = started(launch.apply(1))) {
            String console = first.awaitConsole("history: the container's DataSource " + jndi, WAIT);
            try (JdkChatClient ann = join(first, "nick=ann")) {
                for (int i = 0; i < 3; i++) {
                    said.add(ann.post("before " + i, "c-" + i, WAIT));
                }
            }
            assertEquals(List.of(row(said.get(0), "ann", "c-0", "before 0"), row(said.get(1), "ann", "c-1", "before 1"),
                    row(said.get(2), "ann", "c-2", "before 2")), rows(postgres), "each acknowledged message is a row of PostgreSQL");
            assertFalse(first.console().contains(postgres.password()), "the database's password is in no log:\n" + console);
        } // SIGTERM, as an operator's restart
        try (ServerProcess second = started(launch.apply(2))) {
            try (JdkChatClient back = join(second, "nick=ann&since=" + URLEncoder.encode(said.get(0), StandardCharsets.UTF_8))) {
                Map<String, Object> welcome = back.awaitType("welcome", WAIT);
                assertEquals(true, welcome.get("resumed"), second.consoleTail());
                assertEquals(said.subList(1, 3), JsonFrames.historyIds(welcome), "exactly what came after the since");
                assertEquals(said.get(2), back.post("before 2", "c-2", WAIT), "a re-send after the restart is the stored message");
                String after = back.post("after", "c-9", WAIT);
                assertFalse(said.contains(after), "ids never repeat");
                said.add(after);
            }
            assertEquals(4, rows(postgres).size(), "the re-send stored nothing, the new message a row: " + rows(postgres));
            assertEquals(row(said.get(3), "ann", "c-9", "after"), rows(postgres).get(3));
            assertFalse(second.console().contains(postgres.password()), "the database's password is in no log");
        }
        for (int run = 1; run <= 2; run++) {
            assertFalse(Files.exists(dataFolder.apply(run).resolve("hubchat")), "no embedded database in " + dataFolder.apply(run));
        }
    }

    /** Tomcat with the driver in its base's lib/ and the app's context file holding the {@code <Resource>}. */
    private ServerProcess tomcat(int run, PostgresServer postgres, String jndi) {
        String context = """
                <Context>
                  <Resource name="jdbc/hubchat" auth="Container" type="javax.sql.DataSource"
                            driverClassName="org.postgresql.Driver" url="%s"
                            username="%s" password="%s" maxTotal="8" maxWaitMillis="5000"/>
                </Context>
                """.formatted(postgres.jdbcUrl(), postgres.user(), postgres.password());
        return TomcatLauncher.launch(Path.of(property("it.tomcat.home", "target/tomcat/apache-tomcat-11.0.24")),
                servers.resolve("tomcat-" + run), Path.of(property("it.tomcat.war", "target/hubchat-tomcat.war")),
                CONTEXT, JVM, Map.of("CHAT_DB_JNDI", jndi), List.of(driverJar()),
                Map.of("conf/Catalina/localhost/" + CONTEXT + ".xml", context));
    }

    /** Payara Micro with the driver added and a post-boot command file making the pool and the resource. */
    private ServerProcess payara(int run, PostgresServer postgres, String jndi) {
        Path commands = write(servers.resolve("jdbc-resource-" + run + ".asadmin"), """
                create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --property user=%s:password=%s:serverName=127.0.0.1:portNumber=%d:databaseName=%s hubchat-pool
                create-jdbc-resource --connectionpoolid hubchat-pool jdbc/hubchat
                """.formatted(postgres.user(), postgres.password(), postgres.port(), PostgresServer.DATABASE));
        return PayaraMicroLauncher.launch(
                Path.of(property("it.payara.java", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                Path.of(property("it.payara.jar", "target/payara-micro/payara-micro-6.2025.10.jar")),
                servers.resolve("payara-" + run), Path.of(property("it.plain.war", "target/hubchat.war")),
                CONTEXT, concat(JVM, "-Dchat.db.jndi=" + jndi), Map.of(),
                List.of("--addlibs", driverJar().toString(), "--postbootcommandfile", commands.toString()));
    }

    /** The PostgreSQL driver the WAR brings, from this build's class path. */
    private static Path driverJar() {
        try {
            return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The room's rows in PostgreSQL, in the room's order, as "id sender cid text". */
    private static List<String> rows(PostgresServer postgres) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                PreparedStatement s = c.prepareStatement(
                        "SELECT epoch, num, sender, cid, body FROM hubchat_messages WHERE room = ? ORDER BY seq")) {
            s.setString(1, ROOM);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    // The store's id of a row: epoch-num, num in base 36.
                    rows.add(row(r.getString(1) + "-" + Long.toString(r.getLong(2), 36), r.getString(3), r.getString(4),
                            r.getString(5)));
                }
            }
        }
        return rows;
    }

    private static String row(String id, String sender, String cid, String text) {
        return id + " " + sender + " " + cid + " " + text;
    }

    private static ServerProcess started(ServerProcess server) {
        server.awaitUp(START);
        return server;
    }

    private static JdkChatClient join(ServerProcess server, String query) throws Exception {
        return JdkChatClient.connect(server.ws(ROOM, query));
    }

    private static String property(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }
}
