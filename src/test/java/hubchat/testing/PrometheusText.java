package hubchat.testing;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: a scrape in the Prometheus text format (0.0.4), parsed strictly. Every line must
 * be a {@code # HELP}, a {@code # TYPE} or a sample {@code name{label="value",...} number};
 * anything else fails the parse, so a test that reads a scrape also checks it is well formed.
 * Samples are kept by their series as written, e.g. {@code hubchat_disconnects_total{cause="flood"}}.
 */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? "
                    + "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    private final Map<String, Double> samples;
    private final Map<String, String> types;

    private PrometheusText(Map<String, Double> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} at the first line that is not well formed. */
    public static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty() || line.startsWith("# HELP ")) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + n + " is not Prometheus text: " + line);
            }
            String series = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            if (!seen.add(series)) {
                throw new IllegalArgumentException("line " + n + " repeats the series " + series);
            }
            String v = m.group(3);
            samples.put(series, v.equals("+Inf") ? Double.POSITIVE_INFINITY : v.equals("-Inf")
                    ? Double.NEGATIVE_INFINITY : Double.parseDouble(v));
        }
        return new PrometheusText(samples, types);
    }

    /** {@code registry} scraped and written as the servlet writes it, then parsed. */
    public static PrometheusText scrape(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(out.toString(StandardCharsets.UTF_8));
    }

    /** The value of {@code series} as written, e.g. {@code hubchat_errors_total{code="empty"}}; fails if absent. */
    public double value(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " in the scrape; it has " + samples.keySet());
        }
        return v;
    }

    /** {@link #value} as a whole number, for counters and gauges of counts. */
    public long count(String series) {
        return Math.round(value(series));
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    /** The {@code # TYPE} of metric family {@code name}, or null. */
    public String type(String name) {
        return types.get(name);
    }

    public Map<String, Double> samples() {
        return samples;
    }
}
