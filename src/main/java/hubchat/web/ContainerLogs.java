package hubchat.web;

import hubchat.logging.ClientFailureLog;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends what Tomcat itself logs about a client's failure through {@link ClientFailureLog}.
 * Tomcat's WebSocket session logs a warning with a stack trace when an I/O failure meets a
 * session's close (such as "Failed to flush batched messages on session close" after its peer
 * reset the connection), which a room whose clients drop by the thousand can repeat thousands
 * of times a minute. It logs through
 * {@code org.apache.tomcat.websocket.WsSession} in the web application's own logging context
 * (Tomcat makes that logger per session, in the application's class loader), so a filter set
 * here sees those records and no other application's. Records caused by an I/O failure become
 * counted one-line entries; every other record passes unchanged. On other servers, where that
 * logger would be the whole server's, nothing is set.
 */
@WebListener
public class ContainerLogs implements ServletContextListener {
    /** Tomcat's WebSocket session logger. */
    static final String TOMCAT_SESSION_LOGGER = "org.apache.tomcat.websocket.WsSession";

    /** Held while the application runs: a logger only weakly held could lose its filter. */
    private Logger tomcatSession;
    private Filter previous;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (!event.getServletContext().getServerInfo().startsWith("Apache Tomcat")) {
            return;
        }
        tomcatSession = Logger.getLogger(TOMCAT_SESSION_LOGGER);
        previous = tomcatSession.getFilter();
        tomcatSession.setFilter(new ClientFailures(previous, ClientFailureLog.SHARED));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (tomcatSession != null) {
            tomcatSession.setFilter(previous);
            tomcatSession = null;
        }
    }

    /** A log filter that takes records caused by an I/O failure off to a {@link ClientFailureLog}. */
    static final class ClientFailures implements Filter {
        private final Filter next;
        private final ClientFailureLog log;

        ClientFailures(Filter next, ClientFailureLog log) {
            this.next = next;
            this.log = log;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            if (causedByIo(record.getThrown())) {
                log.record(record.getLoggerName() + ": " + record.getMessage(), record.getThrown());
                return false;
            }
            return next == null || next.isLoggable(record);
        }

        private static boolean causedByIo(Throwable error) {
            for (int depth = 0; error != null && depth < 16; depth++, error = error.getCause()) {
                if (error instanceof java.io.IOException) {
                    return true;
                }
            }
            return false;
        }
    }
}
