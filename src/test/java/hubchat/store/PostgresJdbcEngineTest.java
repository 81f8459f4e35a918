package hubchat.store;

import hubchat.engine.Engine;
import hubchat.engine.EngineContract;
import hubchat.testing.PostgresServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JdbcEngine} on a real PostgreSQL (one server for the suite, over TCP with a password, as
 * a deployment names it in {@code CHAT_DB_URL}): the same {@link EngineContract} as on the
 * embedded HSQLDB, so the store's SQL is shown portable. Each test starts on a database without
 * hubchat's tables, as a first start would.
 */
@RequiresPrograms(SystemProgram.POSTGRES)
class PostgresJdbcEngineTest extends EngineContract {

    /** Every table the store makes, dropped before each test so that each engine starts empty. */
    private static final List<String> TABLES = List.of("hubchat_messages", "hubchat_rooms", "hubchat_numbers",
            "hubchat_archive", "hubchat_archive_rooms", "hubchat_schema");

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    private final List<JdbcEngine> started = new ArrayList<>();

    @BeforeEach
    void dropTheTables() throws SQLException {
        try (Database db = database(); Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @AfterEach
    void stop() {
        started.forEach(JdbcEngine::close);
    }

    @Override
    protected Engine newEngine(int keep, long idleMillis, LongSupplier clock) {
        JdbcEngine e = new JdbcEngine(database(), keep, Long.MAX_VALUE, idleMillis, keep, 0, clock);
        started.add(e);
        return e;
    }

    @Override
    protected boolean forgetsIdleRooms() {
        return false;
    }

    private static Database database() {
        return Database.url(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
    }
}
