package hubchat.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading and writing the figures of a report (a JSON object as nested maps, lists, numbers,
 * strings and booleans), the same for this tool's reports and wsload's.
 */
final class Reports {

    private Reports() {
    }

    /** {@code v} as a double; NaN if it is not a number (missing, null, a string...). */
    static double num(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The value at a dotted path ({@code latency_ms.p99}) in nested maps, or null. */
    static Object path(Map<String, Object> report, String dottedPath) {
        Object v = report;
        for (String k : dottedPath.split("\\.")) {
            if (!(v instanceof Map<?, ?> m)) return null;
            v = m.get(k);
        }
        return v;
    }

    /** A rate in msg/s as on the command line: {@code 20}, {@code 12.5}. */
    static String rate(double r) {
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }

    /** The report's {@code latency_ms}: percentiles, max and mean in ms (3 decimals), -1 where there is none. */
    static Map<String, Object> latency(LatencyHistogram lat) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("p50", ms(lat.percentile(50)));
        l.put("p90", ms(lat.percentile(90)));
        l.put("p99", ms(lat.percentile(99)));
        l.put("p999", ms(lat.percentile(99.9)));
        l.put("max", lat.n == 0 ? -1 : ms(lat.max));
        l.put("mean", lat.n == 0 ? -1 : ms(lat.sum / lat.n));
        return l;
    }

    /** Microseconds as milliseconds rounded to the microsecond; -1 for NaN. */
    private static double ms(double us) {
        if (Double.isNaN(us)) return -1;
        return Math.round(us) / 1000.0;
    }
}
