package hubchat.bench;

import static hubchat.bench.Reports.num;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table bench/run.sh prints ({@code --table DIR}): for each scenario and figure, per tool, the
 * median with min and max of the runs in the directory, and how many runs.
 */
final class ResultTable {

    /** The rows of each scenario, in order. */
    private static final Map<String, List<Figure>> FIGURES = figures();
    /** The column of each tool. */
    private static final String COLUMN = " %-34s";

    /** One row: its label, and the dotted path of its figure in a report ("=" first: a derived figure). */
    private record Figure(String label, String path) {
    }

    private ResultTable() {
    }

    /** Prints the table of the reports in {@code dir}, ChatLoad's column first. */
    static void print(Path dir, PrintStream out) throws IOException {
        var reports = ReportDirectory.read(dir, out).reports;
        List<String> tools = new ArrayList<>(reports.keySet());
        tools.sort((a, b) -> a.equals("chatload") ? -1 : b.equals("chatload") ? 1 : a.compareTo(b));
        out.printf("%-11s %-24s", "scenario", "figure");
        for (String t : tools) out.printf(COLUMN, t + " median [min - max] (n)");
        out.println();
        for (Map.Entry<String, List<Figure>> e : FIGURES.entrySet()) {
            String scen = e.getKey();
            if (tools.stream().noneMatch(t -> reports.get(t).containsKey(scen))) continue;
            for (Figure row : e.getValue()) {
                out.printf("%-11s %-24s", scen, row.label());
                for (String t : tools) {
                    List<Double> vals = new ArrayList<>();
                    for (Map<String, Object> r : reports.get(t).getOrDefault(scen, Map.of()).values()) {
                        double v = value(r, scen, row.path());
                        if (!Double.isNaN(v)) vals.add(v);
                    }
                    out.printf(COLUMN, stat(vals, row.label().contains("ratio")));
                }
                out.println();
            }
        }
    }

    /** The figure at {@code p} in report {@code r}; NaN if it has none. */
    static double value(Map<String, Object> r, String scen, String p) {
        if (!p.startsWith("=")) return num(Reports.path(r, p));
        p = p.substring(1);
        if (p.equals("stayed_open")) return num(r.get("connected")) - num(r.get("unexpected_closes"));
        if (p.equals("tool_us_per_delivery")) {
            return num(r.get("client_cpu_s_window")) / (num(r.get("deliveries_per_s")) * num(r.get("duration_s"))) * 1e6;
        }
        if (scen.equals("saturation") && r.get("steps") instanceof List<?> steps) {
            // a ChatLoad saturation report: best and first_fail from its steps
            Map<?, ?> best = null;
            Object firstFail = null;
            for (Object o : steps) {
                Map<?, ?> s = (Map<?, ?>) o;
                if (Boolean.TRUE.equals(s.get("pass"))) {
                    best = s;
                } else {
                    firstFail = s.get("rate");
                    break;
                }
            }
            if (p.equals("first_fail")) return num(firstFail);
            if (p.startsWith("best.")) {
                @SuppressWarnings("unchecked") Map<String, Object> b = (Map<String, Object>) best;
                return b == null ? Double.NaN : num(Reports.path(b, p.substring(5)));
            }
        }
        return num(Reports.path(r, p));
    }

    /** {@code median [min - max] (n)}, ratios with 5 decimals; "-" for no values. */
    static String stat(List<Double> v, boolean ratio) {
        if (v.isEmpty()) return "-";
        Collections.sort(v);
        int n = v.size();
        double med = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        if (ratio) return String.format(Locale.ROOT, "%.5f [%.5f - %.5f] (%d)", med, v.get(0), v.get(n - 1), n);
        return String.format(Locale.ROOT, "%s [%s - %s] (%d)", figure(med), figure(v.get(0)), figure(v.get(n - 1)), n);
    }

    /** A figure with as many digits as it deserves: none from 1000, 1 from 100, 2 from 1, else 3 (5 just under 1). */
    static String figure(double d) {
        double a = Math.abs(d);
        if (a >= 1000) return String.format(Locale.ROOT, "%.0f", d);
        if (a >= 100) return String.format(Locale.ROOT, "%.1f", d);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", d);
        if (a == 0) return "0";
        if (a > 0.99 && a < 1) return String.format(Locale.ROOT, "%.5f", d);
        return String.format(Locale.ROOT, "%.3f", d);
    }

    private static Map<String, List<Figure>> figures() {
        Map<String, List<Figure>> f = new LinkedHashMap<>();
        f.put("fanout", rows("deliveries/s", "deliveries_per_s", "delivered ratio", "delivery_ratio", "sent msg/s", "send_rate",
                "latency p50 ms", "latency_ms.p50", "latency p99 ms", "latency_ms.p99",
                "server CPU-s (window)", "server.cpu_s_window", "server CPU-s / M deliv", "server.cpu_s_per_million_deliveries",
                "tool CPU-s (window)", "client_cpu_s_window", "tool CPU us / delivery", "=tool_us_per_delivery",
                "unexpected closes", "unexpected_closes"));
        f.put("latency", rows("latency p50 ms", "latency_ms.p50", "latency p90 ms", "latency_ms.p90",
                "latency p99 ms", "latency_ms.p99", "latency p99.9 ms", "latency_ms.p999", "latency max ms", "latency_ms.max",
                "delivered ratio", "delivery_ratio", "deliveries/s", "deliveries_per_s", "tool CPU-s (window)", "client_cpu_s_window",
                "tool CPU us / delivery", "=tool_us_per_delivery"));
        f.put("cpu", rows("server CPU-s / M deliv", "server.cpu_s_per_million_deliveries", "server CPU-s (window)",
                "server.cpu_s_window", "deliveries/s", "deliveries_per_s", "delivered ratio", "delivery_ratio",
                "latency p99 ms", "latency_ms.p99", "tool CPU-s (window)", "client_cpu_s_window",
                "tool CPU us / delivery", "=tool_us_per_delivery"));
        f.put("saturation", rows("max rate ok (msg/s)", "=max_rate_ok", "deliveries/s at max ok", "=best.deliveries_per_s",
                "p99 ms at max ok", "=best.latency_ms.p99", "first failing rate", "=first_fail"));
        f.put("idle", rows("connected", "connected", "connect time s", "connect_time_s", "stayed open (hold)", "=stayed_open",
                "server RSS kB / conn", "server.rss_kb_per_conn", "server RSS kB connected", "server.rss_kb_connected",
                "settle time s", "settle_time_s"));
        return Collections.unmodifiableMap(f);
    }

    /** Rows from label, path, label, path, ... */
    private static List<Figure> rows(String... labelsAndPaths) {
        List<Figure> rows = new ArrayList<>();
        for (int i = 0; i < labelsAndPaths.length; i += 2) rows.add(new Figure(labelsAndPaths[i], labelsAndPaths[i + 1]));
        return List.copyOf(rows);
    }
}
