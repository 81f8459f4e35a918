package hubchat.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code CHAT_LOG_FORMAT}: how the application's loggers (everything under {@code hubchat})
 * write. {@code text}: through the container's handlers and format, as any application's.
 * {@code json}: the {@code hubchat} logger gets a handler of its own that writes
 * {@link JsonLogFormatter} lines to the process's standard output, and no longer hands records
 * to the container's handlers, so each line is written once, as JSON. A setting rather than a
 * formatter named in a logging configuration, because the application's classes are not on the
 * container's class path, where such a configuration looks for them.
 *
 * <p>Standard output is the file descriptor itself, not {@code System.out}, which a container
 * may have turned into a logger of its own (Payara does), so a line is never wrapped in another
 * format. Applying again replaces the handler an earlier deployment left (found by its class
 * name, as a redeployment's classes are other classes).
 */
public final class LogFormat {
    /** The parent of every logger of the application. */
    public static final String ROOT = "hubchat";
    /** The value of {@code CHAT_LOG_FORMAT} that turns JSON on. */
    public static final String JSON = "json";

    /** Held here so that the handler set on it is never lost to garbage collection. */
    private static final Logger HUBCHAT = Logger.getLogger(ROOT);

    private LogFormat() {
    }

    /** Makes the {@code hubchat} loggers write {@code format} ({@code text} or {@code json}). */
    public static synchronized void apply(String format) {
        for (Handler h : HUBCHAT.getHandlers()) {
            if (h.getClass().getName().equals(StandardOutput.class.getName())) {
                HUBCHAT.removeHandler(h);
                h.flush();
            }
        }
        if (JSON.equals(format)) {
            StandardOutput out = new StandardOutput();
            out.setFormatter(new JsonLogFormatter());
            HUBCHAT.addHandler(out);
            HUBCHAT.setUseParentHandlers(false);
        } else {
            HUBCHAT.setUseParentHandlers(true);
        }
    }

    /** Writes each formatted record to file descriptor 1 at once; never closes it. */
    static final class StandardOutput extends Handler {
        private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line = getFormatter().format(record);
            synchronized (this) {
                out.print(line);
                out.flush();
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush(); // standard output stays open for everyone else
        }
    }
}
