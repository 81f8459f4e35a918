package hubchat.bench;

import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each kind of error happened (failed handshakes, close reasons, failed writes), for
 * the report: a short description of each error, with loopback addresses masked so that the
 * same error on different connections counts once.
 */
final class ErrorCounts {

    /** Descriptions are cut to this many characters. */
    private static final int MAX_DESCRIPTION = 120;

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String description) {
        String d = description.length() > MAX_DESCRIPTION ? description.substring(0, MAX_DESCRIPTION) : description;
        counts.computeIfAbsent(d, k -> new LongAdder()).increment();
    }

    void add(Throwable error) {
        add(describe(error));
    }

    /** Description to count, sorted by description. */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** A short description of {@code t}, unwrapped from completion and execution exceptions. */
    static String describe(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof WebSocketHandshakeException h) {
            return "handshake refused (HTTP " + h.getResponse().statusCode() + ")";
        }
        if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
            return "timeout";
        }
        String msg = t.getMessage();
        String s = t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        return s.replaceAll("/?127\\.[0-9.]+:[0-9]+", "ADDR");
    }
}
