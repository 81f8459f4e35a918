package hubchat.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a saturation step passes: at least {@code minRatio} of the messages delivered, p99 latency
 * under {@code maxP99Ms}, and (for a step with a target rate) at least {@code minSendFraction} of
 * that rate actually sent. Applies to this tool's steps and to wsload's reports alike.
 */
record SaturationCriteria(double minRatio, double maxP99Ms, double minSendFraction) {

    /** The criteria of docs/performance.md: 99.9 % delivered, p99 < 100 ms, 97 % of the rate sent. */
    static final SaturationCriteria DEFAULT = new SaturationCriteria(0.999, 100, 0.97);

    /** True if the step reported in {@code step} (delivery_ratio, latency_ms.p99, rate, send_rate) passes. */
    boolean passes(Map<String, Object> step) {
        double ratio = Reports.num(step.get("delivery_ratio"));
        double p99 = Reports.num(Reports.path(step, "latency_ms.p99"));
        double rate = Reports.num(step.get("rate"));
        double sent = Reports.num(step.get("send_rate"));
        if (!(ratio >= minRatio) || !(p99 >= 0 && p99 < maxP99Ms)) return false;
        return !(rate > 0) || sent >= minSendFraction * rate;
    }

    /** The figures for the report's {@code criteria}. */
    Map<String, Object> report() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delivery_ratio_min", minRatio);
        m.put("p99_ms_max", maxP99Ms);
        m.put("send_rate_min_fraction", minSendFraction);
        return m;
    }
}
