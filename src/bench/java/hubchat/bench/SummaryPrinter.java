package hubchat.bench;

import static hubchat.bench.Reports.num;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a run's report as the text summary (without --json): one labelled line per figure. */
final class SummaryPrinter {

    /** Every line starts with its label in a column this wide. */
    private static final String LABEL = "%-22s ";

    private SummaryPrinter() {
    }

    static void print(Map<String, Object> r, PrintStream out) {
        out.printf(Locale.ROOT, "ChatLoad %s  %s  clients=%s senders=%s size=%s%n", r.get("scenario"), r.get("url"),
                r.get("clients"), r.get("senders"), r.get("size"));
        line(out, "connected", "%s/%s in %.2f s (%s failed), settled in %.2f s", r.get("connected"), r.get("clients"),
                num(r.get("connect_time_s")), r.get("connect_failed"), num(r.get("settle_time_s")));
        counts(out, "connect errors", r.get("connect_errors"));
        if ("idle".equals(r.get("mode"))) {
            line(out, "held", "%s of %s stayed open for %.1f s (%s unexpected closes)", r.get("still_open_after_hold"),
                    r.get("live_at_start"), num(r.get("duration_s")), r.get("unexpected_closes"));
        } else if (r.get("steps") instanceof List<?> steps) {
            saturationSteps(out, r, steps);
        } else {
            sending(out, r);
        }
        counts(out, "close reasons", r.get("close_reasons"));
        counts(out, "write errors", r.get("write_errors"));
        if (r.containsKey("client_cpu_s_window")) {
            double w = num(r.get("duration_s"));
            double cpu = num(r.get("client_cpu_s_window"));
            line(out, "this tool's CPU", "%.2f s in the %.1f s window (%.0f %% of one core)", cpu, w, 100 * cpu / w);
        }
        if (r.get("server") instanceof Map<?, ?> s) server(out, s);
    }

    private static void sending(PrintStream out, Map<String, Object> r) {
        double rate = num(r.get("rate"));
        line(out, "sent", "%s in the %.1f s window (%.1f msg/s)%s", r.get("sent_window"), num(r.get("duration_s")),
                num(r.get("send_rate")), rate > 0 ? " target " + Reports.rate(rate) + " msg/s" : ", closed loop window " + r.get("window"));
        line(out, "delivered", "%s / %s = %.4f %% (echo counted: %s, %s receivers per message)", r.get("deliveries"),
                r.get("expected_deliveries"), 100 * num(r.get("delivery_ratio")), r.get("echo_counted"), r.get("receivers_per_message"));
        line(out, "deliveries/s", "%.0f", num(r.get("deliveries_per_s")));
        Map<?, ?> l = (Map<?, ?>) r.get("latency_ms");
        line(out, "latency ms", "p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f mean=%.3f", num(l.get("p50")), num(l.get("p90")),
                num(l.get("p99")), num(l.get("p999")), num(l.get("max")), num(l.get("mean")));
        line(out, "closes", "%s unexpected, %s clients got nothing", r.get("unexpected_closes"), r.get("clients_with_no_delivery"));
        line(out, "received", "frames %s, without token %s, foreign tokens %s", r.get("frames_received"),
                r.get("frames_without_token"), r.get("foreign_tokens"));
    }

    private static void saturationSteps(PrintStream out, Map<String, Object> r, List<?> steps) {
        line(out, "saturation step", "%8s %9s %11s %10s %9s %9s %9s  %s", "rate", "sent/s", "delivered", "deliv/s", "p50 ms",
                "p99 ms", "max ms", "");
        for (Object o : steps) {
            Map<?, ?> s = (Map<?, ?>) o;
            Map<?, ?> l = (Map<?, ?>) s.get("latency_ms");
            line(out, "", "%8s %9.1f %10.4f%% %10.0f %9.2f %9.2f %9.2f  %s", Reports.rate(num(s.get("rate"))),
                    num(s.get("send_rate")), 100 * num(s.get("delivery_ratio")), num(s.get("deliveries_per_s")),
                    num(l.get("p50")), num(l.get("p99")), num(l.get("max")), Boolean.TRUE.equals(s.get("pass")) ? "ok" : "FAIL");
        }
        line(out, "max rate ok", "%s msg/s (%s)", Reports.rate(num(r.get("max_rate_ok"))), r.get("stop_reason"));
    }

    private static void server(PrintStream out, Map<?, ?> s) {
        line(out, "server", "pid %s: RSS %s kB before, %s kB connected%s%s", s.get("pid"), s.get("rss_kb_before"),
                s.get("rss_kb_connected"), s.containsKey("rss_kb_end") ? ", " + s.get("rss_kb_end") + " kB end" : "",
                s.containsKey("rss_kb_per_conn") ? String.format(Locale.ROOT, " (%.1f kB per connection)", num(s.get("rss_kb_per_conn"))) : "");
        if (s.containsKey("cpu_s_window")) {
            line(out, "", "%.2f CPU-s in the window%s", num(s.get("cpu_s_window")), s.containsKey("cpu_s_per_million_deliveries")
                    ? String.format(Locale.ROOT, ", %.2f CPU-s per million deliveries", num(s.get("cpu_s_per_million_deliveries")))
                    : "");
        }
    }

    /** A map of error counts, as JSON, if it has any. */
    private static void counts(PrintStream out, String label, Object counts) {
        if (counts instanceof Map<?, ?> m && !m.isEmpty()) out.printf(LABEL + "%s%n", label, JsonText.write(m));
    }

    private static void line(PrintStream out, String label, String fmt, Object... args) {
        out.printf(Locale.ROOT, LABEL + "%s%n", label, String.format(Locale.ROOT, fmt, args));
    }
}
