package hubchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import org.junit.jupiter.api.Test;

/**
 * A bad CHAT_DB_URL stops the start with a message that names it, never its parameters; a bad
 * CHAT_DB_JNDI with a message that names the JNDI name and what is wrong with it.
 */
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

    @Test
    void aJndiNameTheContainerDoesNotKnowIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Database.jndi("java:comp/env/jdbc/nope",
                name -> { throw new NameNotFoundException("Name [jdbc/nope] is not bound in this Context"); }));
        assertEquals("CHAT_DB_JNDI names no DataSource this server has: java:comp/env/jdbc/nope"
                + " (Name [jdbc/nope] is not bound in this Context)", e.getMessage());
    }

    @Test
    void aJndiNameIsRefusedWithWhatTheContainerSaysAtTheBottom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Database.jndi("jdbc/nope", name -> {
            NamingException wrapped = new NamingException("Lookup failed for 'jdbc/nope' in SerialContext[myEnv={...}]");
            wrapped.setRootCause(new NameNotFoundException("nope not found"));
            throw wrapped;
        }));
        assertEquals("CHAT_DB_JNDI names no DataSource this server has: jdbc/nope (nope not found)", e.getMessage());
    }

    @Test
    void aJndiNameOutsideAnyContainerIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Database.jndi("jdbc/hubchat"));
        assertTrue(e.getMessage().startsWith("CHAT_DB_JNDI names no DataSource this server has: jdbc/hubchat ("),
                e.getMessage());
    }

    @Test
    void aJndiNameBoundToSomethingElseIsRefusedSayingWhat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Database.jndi("java:comp/env/greeting", name -> "hello"));
        assertEquals("CHAT_DB_JNDI names java:comp/env/greeting, which is a java.lang.String, not a javax.sql.DataSource",
                e.getMessage());
    }
}
