package hubchat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.app.ChatApplication;
import hubchat.config.Settings;
import hubchat.hub.ChatHub;
import hubchat.testing.JsonFrames;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard ({@code docker/grafana/dashboards/hubchat.json}) shows only what the
 * server exports: every metric name in every panel's PromQL ({@link PromQlNames}) is a series of
 * a family on the server's {@code /metrics}, and every {@code hubchat_} family has a panel.
 * A renamed metric, or a query for one that never was, fails here rather than as an empty panel.
 */
class DashboardMetricsTest {

    private static final Path DASHBOARD = Path.of("docker/grafana/dashboards/hubchat.json");
    private static final Path DATASOURCES = Path.of("docker/grafana/provisioning/datasources/prometheus.yml");
    /** The families of the server's own metrics, each of which gets a panel. */
    private static final String OWN_PREFIX = "hubchat_";
    /** {@code # TYPE name kind} in the text format. */
    private static final Pattern TYPE_LINE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ([a-z]+)");
    /** A sample's metric name: the start of a line that is not a comment. */
    private static final Pattern SAMPLE_NAME = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ].*");

    @Test
    void everyMetricTheDashboardQueriesIsASeriesTheServerExports() throws Exception {
        String exposition = exposition();
        Map<String, Family> exported = familiesOf(exposition);
        Set<String> written = sampleNames(exposition);
        List<String> unknown = new ArrayList<>();
        for (Query q : queries()) {
            for (String name : PromQlNames.in(q.expr())) {
                // written too: a gauge histogram, for one, has buckets but its sum and count in gauges of their own
                if (familyOf(name, exported).isEmpty() || !written.contains(name)) {
                    unknown.add(q.panel() + ": " + name + " in " + q.expr());
                }
            }
        }
        assertEquals(List.of(), unknown, "queried but not exported (exported: " + exported.keySet() + ")");
    }

    @Test
    void everyHubchatFamilyTheServerExportsHasAPanel() throws Exception {
        Map<String, Family> exported = exportedFamilies();
        Set<String> shown = new TreeSet<>();
        for (Query q : queries()) {
            PromQlNames.in(q.expr()).forEach(name -> familyOf(name, exported).ifPresent(f -> shown.add(f.name())));
        }
        Set<String> own = new TreeSet<>(exported.keySet());
        own.removeIf(name -> !name.startsWith(OWN_PREFIX));
        own.removeAll(shown);
        assertEquals(Set.of(), own, "exported but on no panel");
    }

    @Test
    void everyPanelSaysWhatItShowsAndQueriesTheProvisionedPrometheus() throws Exception {
        Object uid = ((Map<?, ?>) ((List<?>) MiniYaml.parse(Files.readString(DATASOURCES)).get("datasources")).get(0)).get("uid");
        assertNotNull(uid, "the data source has a fixed uid for the dashboards to name");
        List<Map<String, Object>> panels = panels(dashboard());
        assertFalse(panels.isEmpty(), "panels");
        Set<String> titles = new TreeSet<>();
        for (Map<String, Object> panel : panels) {
            String title = String.valueOf(panel.get("title"));
            assertTrue(titles.add(title), "one panel per title: " + title);
            assertFalse(title.isBlank() || String.valueOf(panel.get("description")).isBlank(), "a title and a description: " + panel);
            List<Map<String, Object>> targets = JsonFrames.objects(panel, "targets");
            assertFalse(targets.isEmpty(), title + ": at least one query");
            for (Map<String, Object> target : targets) {
                assertFalse(String.valueOf(target.get("expr")).isBlank(), title + ": a PromQL expr");
                assertEquals(uid, JsonFrames.object(target, "datasource").get("uid"), title + ": the provisioned Prometheus");
            }
            assertEquals(uid, JsonFrames.object(panel, "datasource").get("uid"), title + ": the provisioned Prometheus");
        }
    }

    @Test
    void aFamilysSeriesAreTheNamesAQueryCanSelect() {
        Map<String, Family> families = new LinkedHashMap<>();
        for (Family f : List.of(new Family("h_seconds", Kind.HISTOGRAM), new Family("s_seconds", Kind.SUMMARY),
                new Family("c", Kind.COUNTER), new Family("g_count", Kind.GAUGE), new Family("e", Kind.INFO))) {
            families.put(f.name(), f);
        }
        assertEquals(Set.of("h_seconds_bucket", "h_seconds_sum", "h_seconds_count"), families.get("h_seconds").series());
        assertEquals(Optional.of(families.get("h_seconds")), familyOf("h_seconds_bucket", families), "a bucket, back to its family");
        assertEquals(Optional.empty(), familyOf("h_seconds", families), "a classic histogram has no series of its bare name");
        assertEquals(Optional.of(families.get("s_seconds")), familyOf("s_seconds_count", families), "a summary's count");
        assertEquals(Optional.empty(), familyOf("s_seconds_bucket", families), "a summary has no buckets");
        assertEquals(Optional.of(families.get("c")), familyOf("c_total", families), "a counter is read as NAME_total");
        assertEquals(Optional.empty(), familyOf("c", families), "not by its bare name");
        assertEquals(Optional.of(families.get("g_count")), familyOf("g_count", families), "a gauge whose name ends in _count is whole");
        assertEquals(Optional.empty(), familyOf("g", families), "and no summary");
        assertEquals(Optional.of(families.get("e")), familyOf("e_info", families), "an info metric is read as NAME_info");
    }

    @Test
    void theExpositionReaderTakesCounterTypesWithOrWithoutTotal() {
        // client_java 1.x names a counter's TYPE line NAME_total in the text format, NAME in OpenMetrics.
        String text = "# TYPE a_total counter\na_total 1\n# TYPE b counter\nb_total 2\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\n";
        assertEquals(Map.of("a", new Family("a", Kind.COUNTER), "b", new Family("b", Kind.COUNTER),
                "h", new Family("h", Kind.HISTOGRAM)), familiesOf(text));
        for (String bad : List.of("a 1\n", "# TYPE a gauge\nb 1\n", "# TYPE a sometimes\n", "# TYPE h histogram\nh 1\n")) {
            assertThrows(IllegalArgumentException.class, () -> familiesOf(bad), bad);
        }
    }

    // ---- what the server exports ----------------------------------------------------------------

    /**
     * The families a real hub exports: the application's own wiring ({@link ChatApplication#wire})
     * makes a hub on the memory engine, and its registry is written as {@code GET /metrics}
     * writes it (the Prometheus text format), then read back.
     */
    static Map<String, Family> exportedFamilies() throws IOException {
        return familiesOf(exposition());
    }

    /** What {@code GET /metrics} of a hub made by the application's wiring writes (see {@link #exportedFamilies}). */
    static String exposition() throws IOException {
        Properties memory = new Properties();
        memory.setProperty("chat.store", "memory");
        ChatHub hub = ChatApplication.wire(Settings.from(name -> null, memory));
        try {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(text, hub.metrics().registry().scrape());
            return text.toString(StandardCharsets.UTF_8);
        } finally {
            hub.stop();
        }
    }

    /** The families of a text-format exposition; each sample must belong to the family its TYPE line declared. */
    static Map<String, Family> familiesOf(String exposition) {
        Map<String, Family> families = new TreeMap<>();
        Family current = null;
        for (String line : exposition.split("\n")) {
            Matcher type = TYPE_LINE.matcher(line);
            if (type.matches()) {
                Kind kind = Kind.of(type.group(2));
                String name = kind == Kind.COUNTER && type.group(1).endsWith("_total")
                        ? type.group(1).substring(0, type.group(1).length() - "_total".length()) : type.group(1);
                current = new Family(name, kind);
                families.put(name, current);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher sample = SAMPLE_NAME.matcher(line);
                if (!sample.matches() || current == null || !current.series().contains(sample.group(1))) {
                    throw new IllegalArgumentException("a sample outside the family its TYPE line declared (" + current + "): " + line);
                }
            }
        }
        return families;
    }

    /** The name of every sample line of an exposition. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE_NAME.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }

    /** The family that has {@code series}, if one does. */
    static Optional<Family> familyOf(String series, Map<String, Family> families) {
        return families.values().stream().filter(f -> f.series().contains(series)).findFirst();
    }

    /** A metric family: its name as the registry keeps it (a counter's without {@code _total}) and its kind. */
    record Family(String name, Kind kind) {
        /** The series names Prometheus stores for it, which PromQL selects. */
        Set<String> series() {
            return switch (kind) {
                case COUNTER -> Set.of(name + "_total");
                case GAUGE, UNKNOWN -> Set.of(name);
                case HISTOGRAM -> Set.of(name + "_bucket", name + "_sum", name + "_count");
                case SUMMARY -> Set.of(name, name + "_sum", name + "_count");
                case INFO -> Set.of(name + "_info");
            };
        }
    }

    /** A family's kind, as a TYPE line names it. */
    enum Kind {
        COUNTER, GAUGE, HISTOGRAM, SUMMARY, INFO, UNKNOWN;

        static Kind of(String type) {
            try {
                return valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a metric type: " + type, e);
            }
        }
    }

    // ---- the dashboard ----------------------------------------------------------------------------

    /** One PromQL expression of the dashboard and the panel it is in. */
    record Query(String panel, String expr) {
    }

    private static Map<String, Object> dashboard() throws IOException {
        return JsonFrames.parse(Files.readString(DASHBOARD));
    }

    /** Every {@code expr} anywhere in the dashboard (panels, rows' panels, anything else), with its panel's title. */
    private static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        collect(dashboard(), "(dashboard)", queries);
        assertFalse(queries.isEmpty(), "the dashboard has queries");
        return queries;
    }

    private static void collect(Object node, String title, List<Query> into) {
        if (node instanceof Map<?, ?> map) {
            String here = map.get("title") instanceof String t ? t : title;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ("expr".equals(e.getKey())) {
                    into.add(new Query(here, String.valueOf(e.getValue())));
                } else {
                    collect(e.getValue(), here, into);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, title, into));
        }
    }

    /** The panels that show data: the top level's and rows' own, without the rows. */
    private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        List<Map<String, Object>> panels = new ArrayList<>();
        for (Map<String, Object> panel : JsonFrames.objects(dashboard, "panels")) {
            if ("row".equals(panel.get("type"))) {
                panels.addAll(JsonFrames.objects(panel, "panels"));
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }
}
