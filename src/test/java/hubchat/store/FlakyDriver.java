package hubchat.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A JDBC driver of the tests for URLs {@code jdbc:flaky:REAL-URL}: the real driver's
 * connections, whose next commit can be made to go through and then fail as if the connection
 * had been lost before the answer came back (the database restarted or the network cut at that
 * moment): the caller cannot tell a commit that failed from one that was applied. Or the
 * database can be made unreachable: no connection is made, and every call on one made before
 * fails, until it is reachable again.
 */
final class FlakyDriver implements Driver {

    /** What a URL of this driver starts with, before the real URL. */
    static final String PREFIX = "jdbc:flaky:";
    /** The SQL state of a connection failure. */
    private static final String CONNECTION_FAILURE = "08006";
    private static final AtomicBoolean LOSE_NEXT_COMMIT_ANSWER = new AtomicBoolean();
    private static final AtomicBoolean UNREACHABLE = new AtomicBoolean();

    static {
        try {
            DriverManager.registerDriver(new FlakyDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FlakyDriver() {
    }

    /** {@code realUrl} through this driver (registering it if it is not yet). */
    static String url(String realUrl) {
        return PREFIX + realUrl;
    }

    /** The next commit, on any connection of this driver, is applied, then the connection is closed and the commit fails. */
    static void loseNextCommitAnswer() {
        LOSE_NEXT_COMMIT_ANSWER.set(true);
    }

    /** Whether the database answers, on any connection of this driver, old or new. */
    static void unreachable(boolean down) {
        UNREACHABLE.set(down);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        if (UNREACHABLE.get()) {
            throw unreachable();
        }
        Connection real = DriverManager.getConnection(url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (UNREACHABLE.get() && !method.getName().equals("close")) {
                        throw unreachable();
                    }
                    try {
                        Object result = method.invoke(real, args);
                        if (method.getName().equals("commit") && LOSE_NEXT_COMMIT_ANSWER.getAndSet(false)) {
                            real.close();
                            throw new SQLException("connection lost after the commit was sent (staged)", CONNECTION_FAILURE);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static SQLException unreachable() {
        return new SQLException("the database is unreachable (staged)", CONNECTION_FAILURE);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
