package hubchat.store;

import hubchat.testing.PostgresServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DatabaseArchive} on a real PostgreSQL (one server for the suite, over TCP with a
 * password): the same {@link DatabaseArchiveContract} as on HSQLDB, so the archive's SQL is shown
 * portable, and concurrent archivers meet PostgreSQL's own locking. Each test starts without
 * hubchat's tables.
 */
@RequiresPrograms(SystemProgram.POSTGRES)
class PostgresDatabaseArchiveTest extends DatabaseArchiveContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @BeforeEach
    void dropTheTables() throws SQLException {
        try (Database db = database(); Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String table : new String[] {"hubchat_archive", "hubchat_archive_rooms", "hubchat_messages", "hubchat_rooms",
                    "hubchat_numbers", "hubchat_schema"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Override
    protected Database database() {
        return Database.url(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
    }
}
