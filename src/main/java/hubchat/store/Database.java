package hubchat.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The database that keeps history, however it was named: an embedded HSQLDB file in a folder of
 * this node's, a server's JDBC URL (PostgreSQL is the one tested), or a container's
 * {@code DataSource} by its JNDI name. The first two get a small pool of ours; a container's
 * {@code DataSource} is the container's to pool and to close.
 */
public final class Database implements AutoCloseable {
    /** Connections of our pool: the store's one writer, and readers for pages of history. */
    private static final int POOL_SIZE = 4;
    /** How long a caller waits for a connection of our pool before the store counts as unavailable. */
    private static final long CONNECT_TIMEOUT_MILLIS = 2_000;
    /** The embedded database's files in its folder: hubchat.script, hubchat.log, hubchat.data... */
    private static final String EMBEDDED_NAME = "hubchat";

    /** The JDBC drivers in the WAR, by the URL prefix they serve. */
    private static final Map<String, String> BUNDLED_DRIVERS = Map.of(
            "jdbc:hsqldb:", "org.hsqldb.jdbc.JDBCDriver",
            "jdbc:postgresql:", "org.postgresql.Driver");

    private final DataSource dataSource;
    private final String description;
    private final boolean embedded;

    private Database(DataSource dataSource, String description, boolean embedded) {
        this.dataSource = dataSource;
        this.description = description;
        this.embedded = embedded;
    }

    /**
     * HSQLDB in {@code folder} (made if missing). Cached tables keep rows on disk rather than all
     * in heap; a zero write delay makes every commit reach the file before it returns, which is
     * what lets an acknowledged message survive {@code kill -9}; HSQLDB's lock file refuses a
     * second process on the same folder.
     */
    public static Database embedded(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot make the data folder " + folder + ": " + e.getMessage(), e);
        }
        String url = "jdbc:hsqldb:file:" + folder.toAbsolutePath().resolve(EMBEDDED_NAME)
                + ";hsqldb.default_table_type=cached;hsqldb.write_delay=false;hsqldb.tx=mvcc;sql.syntax_pgs=false";
        return new Database(pool(url, "SA", ""), "embedded HSQLDB in " + folder.toAbsolutePath(), true);
    }

    /**
     * A database server by its JDBC URL. A URL that is not a JDBC one, or names no driver the WAR
     * brings or the container has, stops the start with a message that shows the URL without
     * its parameters (they may hold a password).
     */
    public static Database url(String url, String user, String password) {
        String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) : url; // parameters may hold secrets
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("CHAT_DB_URL is not a JDBC URL (jdbc:...): " + shown);
        }
        try {
            return new Database(pool(url, user, password), shown + (user.isEmpty() ? "" : " as " + user), false);
        } catch (RuntimeException noDriver) {
            throw new IllegalArgumentException("CHAT_DB_URL names no JDBC driver this server has: " + shown);
        }
    }

    /**
     * A container's {@code DataSource}, looked up once by its JNDI name. A name the container does
     * not know, or one bound to something else, stops the start with a message naming it.
     */
    public static Database jndi(String name) {
        return jndi(name, InitialContext::doLookup);
    }

    /** {@link #jndi(String)} with the container's JNDI lookup given, for tests. */
    static Database jndi(String name, JndiLookup lookup) {
        Object found;
        try {
            found = lookup.find(name);
        } catch (NamingException e) {
            String why = innermost(e).getMessage();
            throw new IllegalArgumentException("CHAT_DB_JNDI names no DataSource this server has: " + name
                    + (why == null ? "" : " (" + why + ")"), e);
        }
        if (!(found instanceof DataSource ds)) {
            throw new IllegalArgumentException("CHAT_DB_JNDI names " + name + ", which is "
                    + (found == null ? "nothing" : "a " + found.getClass().getName()) + ", not a javax.sql.DataSource");
        }
        return new Database(ds, "the container's DataSource " + name, false);
    }

    /**
     * The naming failure that says what was not found: a container may wrap it (Payara's
     * "Lookup failed for ... in SerialContext[myEnv={...}]" around "NAME not found").
     */
    private static NamingException innermost(NamingException e) {
        NamingException found = e;
        for (int depth = 0; depth < 8 && found.getRootCause() instanceof NamingException inner; depth++) {
            found = inner;
        }
        return found;
    }

    /** Finds what a JNDI name is bound to: the container's naming context, or a test's. */
    @FunctionalInterface
    interface JndiLookup {
        Object find(String name) throws NamingException;
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        // A container's DriverManager does not see drivers in the WAR (Tomcat registers none from
        // WEB-INF/lib): the drivers the WAR brings are named, others must be in the container.
        BUNDLED_DRIVERS.forEach((prefix, driver) -> {
            if (url.startsWith(prefix)) {
                config.setDriverClassName(driver);
            }
        });
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setPoolName("hubchat-db");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setValidationTimeout(CONNECT_TIMEOUT_MILLIS / 2);
        config.setAutoCommit(true);
        // Start even while the server is down: the store reports unavailable and retries.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** Where history is kept, for the start-up log: never a password. */
    public String description() {
        return description;
    }

    /** Closes our pool; an embedded database is shut down first so that its files are left clean. */
    @Override
    public void close() {
        if (embedded) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                // Already down, or never up: the next start replays its log either way.
            }
        }
        if (dataSource instanceof HikariDataSource pool) {
            pool.close();
        }
    }
}
