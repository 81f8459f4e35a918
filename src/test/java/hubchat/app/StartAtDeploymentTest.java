package hubchat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A failed start is reported with the application's own message, however the CDI container wraps it. */
class StartAtDeploymentTest {

    @Test
    void theAppsOwnRefusalIsFoundUnderTheContainersWrapping() {
        RuntimeException wrapped = new RuntimeException("WELD-000049: Unable to invoke producer",
                new IllegalArgumentException("CHAT_DB_JNDI names no DataSource this server has: jdbc/nope"));
        assertEquals("CHAT_DB_JNDI names no DataSource this server has: jdbc/nope", StartAtDeployment.reason(wrapped));
    }

    @Test
    void theOutermostRefusalWinsOverTheCausesBeneathIt() {
        IllegalStateException outer = new IllegalStateException("the database's hubchat tables are at version 9",
                new IllegalArgumentException("a detail"));
        assertEquals("the database's hubchat tables are at version 9", StartAtDeployment.reason(outer));
    }

    @Test
    void anyOtherFailureIsShownAsItIs() {
        assertEquals("java.lang.NullPointerException: boom", StartAtDeployment.reason(new NullPointerException("boom")));
    }
}
