package hubchat.logging;

import hubchat.protocol.Disconnect;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The connection lines, logger {@code hubchat.connections} (an operator turns them off with
 * {@code hubchat.connections.level=WARNING}, or off entirely): one {@code connect} line as a
 * member takes its seat; exactly one line as a connection ends, {@code disconnect} (INFO) or,
 * for a cause that is the client's fault, {@code violation} (WARNING); one {@code refused} line
 * per handshake refused before the upgrade. Each line is a {@link LogFields}, so it is plain
 * text in the container's log and JSON with {@code CHAT_LOG_FORMAT=json}.
 *
 * <p>Never logged: a message's text, a token, a resume secret, a password. Only the room, the
 * nick, the client's address, the page's origin (cut to {@link #MAX_ORIGIN_CHARS}), and for an
 * end its cause token, close code and how long the connection lasted. A refused error frame
 * (such as {@code rate_limited}) has no line: it is counted in {@code hubchat_errors_total},
 * and a client that goes on is closed, which is a line.
 */
public final class ConnectionLog {
    /** The logger's name. */
    public static final String LOGGER = "hubchat.connections";
    /** Longest origin logged: the header is the client's to write. */
    static final int MAX_ORIGIN_CHARS = 200;

    /** Held here so that a level or handler set on it is never lost to garbage collection. */
    private static final Logger LOG = Logger.getLogger(LOGGER);

    private ConnectionLog() {
    }

    /** A member took its seat in {@code room} as {@code nick}. */
    public static void connected(String room, String nick, String address, String origin) {
        if (LOG.isLoggable(Level.INFO)) {
            log(Level.INFO, new LogFields("connect").with("room", room).with("nick", nick).with("address", known(address))
                    .with("origin", cut(origin)));
        }
    }

    /**
     * A connection ended for {@code cause}, closed with {@code closeCode}, {@code millis} after
     * it opened; {@code nick} is null if it never took a seat.
     */
    public static void disconnected(String room, String nick, String address, String origin, Disconnect cause,
            int closeCode, long millis) {
        boolean violation = isViolation(cause);
        Level level = violation ? Level.WARNING : Level.INFO;
        if (LOG.isLoggable(level)) {
            log(level, new LogFields(violation ? "violation" : "disconnect").with("room", room).with("nick", nick)
                    .with("address", known(address)).with("origin", cut(origin)).with("cause", cause.token())
                    .with("code", closeCode).with("ms", millis));
        }
    }

    /** A handshake was refused with HTTP {@code status} before the upgrade, for {@code reason} (a token). */
    public static void refused(int status, String reason, String address, String origin) {
        if (LOG.isLoggable(Level.INFO)) {
            log(Level.INFO, new LogFields("refused").with("status", status).with("reason", reason)
                    .with("address", known(address)).with("origin", cut(origin)));
        }
    }

    /** Whether {@code cause} is the client's fault, logged as a violation ({@link Disconnect#isViolation}). */
    public static boolean isViolation(Disconnect cause) {
        return cause != null && cause.isViolation();
    }

    private static void log(Level level, LogFields fields) {
        LogRecord record = new LogRecord(level, "{0}");
        record.setLoggerName(LOGGER);
        record.setSourceClassName(LOGGER); // what a formatter shows as its source: the logger and the event
        record.setSourceMethodName(fields.event());
        record.setParameters(new Object[] {fields});
        LOG.log(record);
    }

    /** An address, or null where it is unknown (empty). */
    private static String known(String address) {
        return address == null || address.isEmpty() ? null : address;
    }

    private static String cut(String origin) {
        return origin == null || origin.length() <= MAX_ORIGIN_CHARS ? origin : origin.substring(0, MAX_ORIGIN_CHARS) + "...";
    }
}
