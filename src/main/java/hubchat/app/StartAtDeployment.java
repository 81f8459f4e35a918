package hubchat.app;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * Makes the application's hub when the container deploys the application, not at the first
 * request. So whatever stops the hub from being made (a setting with a value the app refuses, a
 * {@code CHAT_DB_JNDI} that names no DataSource, tables newer than this release) fails the
 * deployment with one line saying what is wrong, rather than leaving an application deployed
 * that answers every request with an error. A database or Redis that is merely unreachable is no
 * such failure: the hub starts not ready and connects by itself.
 */
@WebListener
public class StartAtDeployment implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(StartAtDeployment.class.getName());
    /** How deep a cause chain is searched for the application's own message. */
    private static final int MAX_CAUSES = 16;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            ChatApplication.current().isReady(); // a call, not just the proxy: CDI makes the hub here
        } catch (RuntimeException e) {
            String reason = "hubchat did not start: " + reason(e);
            LOG.severe(reason);
            throw new IllegalStateException(reason, e);
        }
    }

    /** The deployment ends: the hub made for it is stopped (its connections closed, its store released). */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ChatApplication.stopMade();
    }

    /**
     * The application's own message for a failed start. The CDI container may wrap what the
     * producer threw, and the app's refusals are {@code IllegalArgumentException} or
     * {@code IllegalStateException} with a message meant for the operator: the first such in the
     * chain, else the outermost exception.
     */
    static String reason(Throwable failure) {
        Throwable e = failure;
        for (int depth = 0; e != null && depth < MAX_CAUSES; depth++, e = e.getCause()) {
            if ((e.getClass() == IllegalArgumentException.class || e.getClass() == IllegalStateException.class)
                    && e.getMessage() != null) {
                return e.getMessage();
            }
        }
        return failure.toString();
    }
}
