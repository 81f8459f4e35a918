package hubchat.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The version of hubchat's tables in a database, and the scripts that bring it up to date at
 * start-up: {@code schema-N.sql} beside this class, run in order, each with the version row
 * in one transaction (where the database has transactional DDL, as PostgreSQL has, a failed
 * script leaves nothing behind). A database at a version newer than this release knows stops
 * the start with a message saying so: running old code on a newer schema could lose data.
 */
final class Schema {
    /** The newest version this release knows: the number of the last script. */
    static final int CURRENT = 3;

    private Schema() {
    }

    /** Brings the database to {@link #CURRENT}; returns the version it found (0: none). */
    static int migrate(Connection c) throws SQLException {
        int found = version(c);
        if (found > CURRENT) {
            throw new IllegalStateException("the database's hubchat tables are at version " + found
                    + ", newer than this release knows (" + CURRENT + "): run a newer hubchat, or point it at another database");
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (found == 0) {
                s.execute("CREATE TABLE hubchat_schema (version INTEGER NOT NULL)");
                s.execute("INSERT INTO hubchat_schema (version) VALUES (0)");
            }
            for (int v = found + 1; v <= CURRENT; v++) {
                for (String statement : statements(script(v))) {
                    s.execute(statement);
                }
                s.executeUpdate("UPDATE hubchat_schema SET version = " + v);
                c.commit();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return found;
    }

    /** The version row's value; 0 where there is no version table (a new database). */
    static int version(Connection c) throws SQLException {
        if (!hasVersionTable(c)) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT version FROM hubchat_schema")) {
            if (!r.next()) {
                throw new IllegalStateException("the database's hubchat_schema table has no row: it was not made by hubchat");
            }
            return r.getInt(1);
        }
    }

    private static boolean hasVersionTable(Connection c) throws SQLException {
        // Unquoted names are upper case in HSQLDB and lower case in PostgreSQL.
        for (String name : new String[] {"hubchat_schema", "HUBCHAT_SCHEMA"}) {
            try (ResultSet r = c.getMetaData().getTables(null, null, name, new String[] {"TABLE"})) {
                if (r.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String script(int version) {
        String name = "schema-" + version + ".sql";
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name + " beside " + Schema.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /** A script's statements: split at semicolons that end a line, with comment lines left out. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
