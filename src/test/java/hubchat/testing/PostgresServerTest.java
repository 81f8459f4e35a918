package hubchat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test PostgreSQL fixture does what each of its methods says, checked through the real
 * JDBC driver, as the tests' user with its password over TCP, against the real server.
 */
@RequiresPrograms(SystemProgram.POSTGRES)
class PostgresServerTest {

    /** One server for the suite; each test leaves it running, with its own table. */
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Test
    void itsUserWritesToItsDatabaseOverTcpWithItsPassword() throws SQLException {
        assertEquals("jdbc:postgresql://127.0.0.1:" + POSTGRES.port() + "/hubchat", POSTGRES.jdbcUrl());
        assertEquals("hubchat", POSTGRES.user());
        try (Connection db = connect()) {
            update(db, "CREATE TABLE written (line TEXT)");
            update(db, "INSERT INTO written VALUES ('héllo 👋')");
            assertEquals(List.of("héllo 👋"), column(db, "SELECT line FROM written"), "UTF-8 both ways");
            assertEquals(List.of("UTF8"), column(db, "SHOW server_encoding"));
            assertEquals(List.of("on"), column(db, "SHOW fsync"), "what the kill drills rely on");
            assertEquals(List.of("hubchat"), column(db, "SELECT current_user"));
            assertEquals(List.of("hubchat"), column(db, "SELECT current_database()"));
            assertEquals(List.of("scram-sha-256"), column(db, "SHOW password_encryption"));
        }
    }

    @Test
    void aWrongPasswordOrNoneIsRefused() {
        SQLException wrong = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password() + "x").close());
        assertEquals("28P01", wrong.getSQLState(), "invalid_password: " + wrong);
        SQLException none = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(POSTGRES.jdbcUrl(), POSTGRES.user(), null).close());
        assertTrue(none.getMessage().contains("password"), "the server asked for one: " + none);
        SQLException superuser = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(POSTGRES.jdbcUrl(), "postgres", POSTGRES.password()).close());
        assertEquals("28P01", superuser.getSQLState(), "the superuser needs its own password: " + superuser);
    }

    @Test
    void afterACleanStopNothingConnectsAndAStartBringsItBackOnTheSamePortWithItsData() throws SQLException {
        try (Connection db = connect()) {
            update(db, "CREATE TABLE kept (n INT)");
            update(db, "INSERT INTO kept VALUES (1)");
        }
        Connection open = connect();
        POSTGRES.stop();
        assertFalse(POSTGRES.isRunning());
        assertThrows(SQLException.class, () -> column(open, "SELECT 1"), "an open session is cut by the fast stop");
        open.close();
        SQLException refused = assertThrows(SQLException.class, () -> connect().close());
        assertEquals("08001", refused.getSQLState(), "nothing listens: " + refused);

        int logged = POSTGRES.log().length();
        POSTGRES.start();
        assertTrue(POSTGRES.isRunning());
        try (Connection db = connect()) {
            assertEquals(List.of("1"), column(db, "SELECT n FROM kept"));
        }
        String startLog = POSTGRES.log().substring(logged);
        assertFalse(startLog.contains("not properly shut down"), "a clean stop needs no recovery:\n" + startLog);
    }

    @Test
    void aRowCommittedBeforeAKillIsThereAfterStartAndOneNotCommittedIsNot() throws SQLException {
        try (Connection db = connect()) {
            update(db, "CREATE TABLE crash (n INT)");
            update(db, "INSERT INTO crash VALUES (1)");
        }
        Connection inFlight = connect();
        inFlight.setAutoCommit(false);
        update(inFlight, "INSERT INTO crash VALUES (2)");

        POSTGRES.kill();
        assertFalse(POSTGRES.isRunning());
        assertThrows(SQLException.class, () -> connect().close(), "nothing listens after the kill");
        inFlight.close();

        int logged = POSTGRES.log().length();
        POSTGRES.start();
        try (Connection db = connect()) {
            assertEquals(List.of("1"), column(db, "SELECT n FROM crash ORDER BY n"));
        }
        String startLog = POSTGRES.log().substring(logged);
        assertTrue(startLog.contains("not properly shut down"), "the start recovered from a crash:\n" + startLog);
    }

    @Test
    void closingKillsItAndDeletesItsFolder() throws SQLException {
        int port;
        Path folder;
        try (PostgresServer own = PostgresServer.started()) {
            port = own.port();
            folder = own.folder();
            assertTrue(Files.isDirectory(folder.resolve("data")));
            assertTrue(own.isRunning());
            try (Connection db = DriverManager.getConnection(own.jdbcUrl(), own.user(), own.password())) {
                assertEquals(List.of("1"), column(db, "SELECT 1"));
            }
        }
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }, "nothing listens after close");
        assertFalse(Files.exists(folder), "its folder is gone: " + folder);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
    }

    private static void update(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static List<String> column(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
