package hubchat.fuzz;

import hubchat.logging.ClientFailureLog;
import hubchat.logging.ConnectionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the server may only do when something went wrong: a log record at WARNING or
 * above from any of its loggers ({@code hubchat.*}: hub, rooms, endpoint, transports; not the
 * connection log, whose WARNING lines are the clients' violations); a call
 * of the container's error callback on the endpoint, which the server files as a client failure
 * (its stack at FINE), as it gets every exception thrown out of the endpoint's methods (clients
 * here never break a connection, so no socket error lands there); and an exception that escaped
 * any thread (the hub's own executors included, whose tasks have no one else to report to). {@link #take} hands over and forgets
 * what was collected.
 */
final class Trouble extends Handler implements Thread.UncaughtExceptionHandler {
    /** The parent of every logger of the server. */
    private static final String SERVER_LOGGERS = "hubchat";
    /** How the failure log's FINE record of the endpoint's error callback starts. */
    private static final String ERROR_CALLBACK = "client failure: websocket error";

    /** Held here: the log manager keeps loggers only weakly, and a new one would have no handler. */
    private final Logger logger = Logger.getLogger(SERVER_LOGGERS);
    /** Where the endpoint's error callback goes, each call at FINE with its exception. */
    private final Logger clientFailures = Logger.getLogger(ClientFailureLog.class.getName());
    private final Level clientFailuresLevel = clientFailures.getLevel();
    private final Thread.UncaughtExceptionHandler previous;
    private final List<String> found = new ArrayList<>();

    private Trouble() {
        setLevel(Level.WARNING);
        previous = Thread.getDefaultUncaughtExceptionHandler();
    }

    /** Starts collecting. */
    static Trouble watch() {
        Trouble t = new Trouble();
        t.clientFailures.setLevel(Level.FINE);
        t.logger.addHandler(t);
        Thread.setDefaultUncaughtExceptionHandler(t);
        return t;
    }

    /** What was collected since the last call, one line each (with the cause's stack). */
    synchronized List<String> take() {
        List<String> out = List.copyOf(found);
        found.clear();
        return out;
    }

    @Override
    public synchronized void publish(LogRecord r) {
        if (ConnectionLog.LOGGER.equals(r.getLoggerName())) {
            return; // a client's violation (WARNING) is the client's doing, logged by design
        }
        if (isLoggable(r) || isErrorCallback(r)) {
            found.add(r.getLevel() + " from " + r.getLoggerName() + ": " + r.getMessage() + describe(r.getThrown()));
        }
    }

    @Override
    public synchronized void uncaughtException(Thread thread, Throwable e) {
        found.add("uncaught in thread " + thread.getName() + describe(e));
    }

    @Override
    public void flush() {
    }

    /** Stops collecting. */
    @Override
    public void close() {
        logger.removeHandler(this);
        clientFailures.setLevel(clientFailuresLevel);
        Thread.setDefaultUncaughtExceptionHandler(previous);
    }

    /** The endpoint's error callback, as {@link ClientFailureLog} files it: "client failure: websocket error...". */
    private boolean isErrorCallback(LogRecord r) {
        return clientFailures.getName().equals(r.getLoggerName()) && r.getThrown() != null
                && r.getMessage().startsWith(ERROR_CALLBACK);
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(": ").append(e);
        for (StackTraceElement at : e.getStackTrace()) {
            b.append("\n\tat ").append(at);
        }
        return b.toString();
    }
}
