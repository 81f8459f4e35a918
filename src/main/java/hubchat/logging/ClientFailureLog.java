package hubchat.logging;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of failures that clients cause (a connection reset or a broken pipe under a write, a
 * socket that fails to close), kept short however many clients fail at once. Per cause (what
 * failed, plus the class and message of the exception at the bottom of the chain) the first
 * failure of an interval is logged at once, in one line without a stack trace; the others of
 * that interval are only counted, and summed up in one line when the interval is over. So a
 * cause takes at most two lines an interval, whatever the number of clients. Stack traces go to
 * {@link Level#FINE} only, for whoever turns it on.
 *
 * <p>Thread-safe; one lock, held only to count, as failures come at most a few thousand a second.
 */
public final class ClientFailureLog {
    /** Interval over which a cause is logged once (then summed up). */
    public static final long INTERVAL_MILLIS = 60_000;
    /** Causes counted at once; failures of further causes are counted under {@link #OTHER}. */
    static final int MAX_CAUSES = 64;
    /** The cause that failures beyond {@link #MAX_CAUSES} distinct causes are counted under. */
    static final String OTHER = "other causes";
    /** Longest exception message kept in a cause, as some carry addresses or ids. */
    static final int MAX_MESSAGE_CHARS = 120;
    /** Exceptions followed down a cause chain at most, in case it loops. */
    private static final int MAX_CAUSE_DEPTH = 16;

    /** The application's log of client failures, logger {@code hubchat.logging.ClientFailureLog}. */
    public static final ClientFailureLog SHARED =
            new ClientFailureLog(Logger.getLogger(ClientFailureLog.class.getName()), INTERVAL_MILLIS, System::currentTimeMillis);

    private final Logger logger;
    private final long intervalMillis;
    private final LongSupplier clock;
    /** Per cause: when its interval started, and failures since then not logged. */
    private final Map<String, long[]> intervals = new HashMap<>();

    public ClientFailureLog(Logger logger, long intervalMillis, LongSupplier clock) {
        this.logger = logger;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /**
     * One failure a client caused: {@code what} says what failed ("write failed"), {@code error}
     * why (may be null).
     */
    public void record(String what, Throwable error) {
        String cause = cause(what, error);
        if (logger.isLoggable(Level.FINE)) {
            logger.log(Level.FINE, "client failure: " + cause, error);
        }
        String line;
        synchronized (this) {
            long now = clock.getAsLong();
            if (!intervals.containsKey(cause) && intervals.size() >= MAX_CAUSES) {
                cause = OTHER;
            }
            long[] interval = intervals.get(cause);
            if (interval != null && now - interval[0] < intervalMillis) {
                interval[1]++;
                return;
            }
            long before = interval == null ? 0 : interval[1];
            intervals.put(cause, new long[] {now, 0});
            line = before == 0 ? cause : cause + " (and " + before + " more in the interval before)";
        }
        logger.info("client failure: " + line);
    }

    /** Sums up, and forgets, the causes whose interval is over. The hub's timer calls it. */
    public void flush() {
        StringBuilder lines = new StringBuilder();
        synchronized (this) {
            long now = clock.getAsLong();
            for (Iterator<Map.Entry<String, long[]>> it = intervals.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, long[]> e = it.next();
                long[] interval = e.getValue();
                if (now - interval[0] >= intervalMillis) {
                    it.remove();
                    if (interval[1] > 0) {
                        lines.append("client failure: ").append(e.getKey()).append(": ").append(interval[1])
                                .append(" more in ").append((now - interval[0]) / 1000).append(" s\n");
                    }
                }
            }
        }
        lines.toString().lines().forEach(logger::info);
    }

    /** What failed, and the class and message of the exception at the bottom of {@code error}'s chain. */
    static String cause(String what, Throwable error) {
        if (error == null) {
            return what;
        }
        Throwable root = error;
        for (int i = 0; i < MAX_CAUSE_DEPTH && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return what + ": " + root.getClass().getName();
        }
        message = message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
        return what + ": " + root.getClass().getName() + ": " + message.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * True if the innermost cause of {@code error} was thrown while hubchat's own code ran and
     * is not an I/O failure: a socket that breaks while our code writes or closes it is still
     * the network's doing.
     */
    public static boolean thrownByUs(Throwable error) {
        Throwable root = error;
        for (int depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
            if (root instanceof IOException) {
                return false;
            }
            if (root.getCause() == null) {
                break;
            }
            root = root.getCause();
        }
        for (StackTraceElement frame : root.getStackTrace()) {
            if (frame.getClassName().startsWith("hubchat.")) {
                return true;
            }
        }
        return false;
    }
}
