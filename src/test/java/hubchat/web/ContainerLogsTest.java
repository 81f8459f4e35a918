package hubchat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.logging.ClientFailureLog;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's own warnings about a client's I/O failure go to the client failure log as counted
 * lines; its other records pass untouched; and nothing is set on other servers.
 */
class ContainerLogsTest {

    @Test
    void recordsCausedByIoFailuresAreCountedNotLogged() {
        List<LogRecord> counted = new ArrayList<>();
        Logger target = Logger.getLogger("hubchat.test.container-logs-" + System.nanoTime());
        target.setUseParentHandlers(false);
        target.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                counted.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        ClientFailureLog failures = new ClientFailureLog(target, 60_000, System::currentTimeMillis);
        Filter filter = new ContainerLogs.ClientFailures(null, failures);

        for (int i = 0; i < 1000; i++) {
            LogRecord flushFailed = new LogRecord(Level.WARNING, "Failed to flush batched messages on session close");
            flushFailed.setLoggerName(ContainerLogs.TOMCAT_SESSION_LOGGER);
            flushFailed.setThrown(new IOException("java.io.IOException: Connection reset by peer",
                    new IOException("Connection reset by peer")));
            assertFalse(filter.isLoggable(flushFailed), "taken off to the client failure log");
        }
        assertEquals(1, counted.size(), "one line for a thousand");
        assertEquals("client failure: org.apache.tomcat.websocket.WsSession: Failed to flush batched messages on session close:"
                + " java.io.IOException: Connection reset by peer", counted.get(0).getMessage());
        assertNull(counted.get(0).getThrown());

        LogRecord plain = new LogRecord(Level.WARNING, "something else");
        assertTrue(filter.isLoggable(plain), "a record without an exception passes");
        LogRecord bug = new LogRecord(Level.SEVERE, "a bug");
        bug.setThrown(new IllegalStateException("not a client's doing"));
        assertTrue(filter.isLoggable(bug), "a record about anything but I/O passes, stack trace and all");

        Filter denyAll = record -> false;
        assertFalse(new ContainerLogs.ClientFailures(denyAll, failures).isLoggable(plain), "the filter before is kept");
    }

    @Test
    void onTomcatTheSessionLoggerGetsTheFilterUntilTheApplicationStops() {
        Logger session = Logger.getLogger(ContainerLogs.TOMCAT_SESSION_LOGGER);
        Filter before = session.getFilter();
        ContainerLogs listener = new ContainerLogs();
        ServletContextEvent tomcat = event("Apache Tomcat/11.0.24");
        listener.contextInitialized(tomcat);
        try {
            assertInstanceOf(ContainerLogs.ClientFailures.class, session.getFilter());
        } finally {
            listener.contextDestroyed(tomcat);
        }
        assertSame(before, session.getFilter());
    }

    @Test
    void elsewhereNothingIsSet() {
        Logger session = Logger.getLogger(ContainerLogs.TOMCAT_SESSION_LOGGER);
        Filter before = session.getFilter();
        ContainerLogs listener = new ContainerLogs();
        listener.contextInitialized(event("Payara Micro #badassfish 6.2025.10"));
        assertSame(before, session.getFilter());
        listener.contextDestroyed(event("Payara Micro #badassfish 6.2025.10"));
        assertSame(before, session.getFilter());
    }

    private static ServletContextEvent event(String serverInfo) {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(ContainerLogsTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getServerInfo")) {
                        return serverInfo;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new ServletContextEvent(context);
    }
}
