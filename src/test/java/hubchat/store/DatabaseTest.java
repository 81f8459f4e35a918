package hubchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A bad CHAT_DB_URL stops the start with a message that names it, never its parameters. */
class DatabaseTest {

    @Test
    void aUrlThatIsNotJdbcIsRefusedWithoutItsParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Database.url("postgres://db:5432/hubchat?password=s3cret", "", ""));
        assertEquals("CHAT_DB_URL is not a JDBC URL (jdbc:...): postgres://db:5432/hubchat", e.getMessage());
    }

    @Test
    void aUrlNoDriverServesIsRefusedWithoutItsParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Database.url("jdbc:nosuchdb://db/hubchat?password=s3cret", "u", "p"));
        assertEquals("CHAT_DB_URL names no JDBC driver this server has: jdbc:nosuchdb://db/hubchat", e.getMessage());
    }
}
