package hubchat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link PromQlNames}: the metric names in PromQL, and nothing else that looks like a name. */
class PromQlNamesTest {

    @Test
    void aBareNameIsTheMetric() {
        assertEquals(Set.of("hubchat_rooms"), PromQlNames.in("hubchat_rooms"));
        assertEquals(Set.of("job:hubchat_deliveries:rate1m"), PromQlNames.in("job:hubchat_deliveries:rate1m"),
                "a recording rule's name, colons and all");
    }

    @Test
    void functionsAndTheirRangesAreNotMetrics() {
        assertEquals(Set.of("hubchat_fanout_seconds_bucket"), PromQlNames.in(
                "histogram_quantile(0.99, sum by (le, instance) (rate(hubchat_fanout_seconds_bucket[$__rate_interval])))"));
        assertEquals(Set.of("hubchat_deliveries_total"), PromQlNames.in(
                "max_over_time(rate(hubchat_deliveries_total[1m])[1h30m:15s] offset -5m @ start())"), "subquery, offset, @");
        assertEquals(Set.of("hubchat_rooms"), PromQlNames.in("absent ( hubchat_rooms )"), "space before the parenthesis");
    }

    @Test
    void labelNamesAreNotMetricsWhereverTheyStand() {
        assertEquals(Set.of("hubchat_disconnects_total"), PromQlNames.in(
                "sum without (instance, hubchat_rooms) (rate(hubchat_disconnects_total{cause=~\"slow_.*|flood\", job!=\"x\"}[1m]))"));
        assertEquals(Set.of("hubchat_errors_total"), PromQlNames.in("sum(rate(hubchat_errors_total[1m])) by (code)"),
                "the modifier after the body");
        assertEquals(Set.of("hubchat_engine_info", "hubchat_ready"), PromQlNames.in(
                "hubchat_ready * on (instance) group_left (engine) hubchat_engine_info"));
        assertEquals(Set.of("hubchat_engine_info", "hubchat_ready"), PromQlNames.in(
                "hubchat_ready * ignoring(engine) group_right hubchat_engine_info"), "group_right without a label list");
        assertEquals(Set.of("hubchat_rooms"), PromQlNames.in("hubchat_rooms{ on = \"x\", by=\"y\" }"), "keywords as label names");
    }

    @Test
    void keywordsAndAggregationsAnyCaseAreNotMetrics() {
        assertEquals(Set.of("a_metric", "b_metric"), PromQlNames.in(
                "SUM BY (le) (a_metric) > bool 0 AND b_metric unless topk(3, a_metric) or count_values(\"v\", b_metric)"));
        assertEquals(Set.of("x"), PromQlNames.in("x atan2 Inf + NaN - inf"));
    }

    @Test
    void stringsNumbersCommentsAndVariablesAreSkipped() {
        assertEquals(Set.of("hubchat_engine_info"), PromQlNames.in(
                "label_replace(hubchat_engine_info, \"node\", \"$1\", 'instance', `(hubchat_rooms)\\d+`)"));
        assertEquals(Set.of("hubchat_errors_total"), PromQlNames.in(
                "hubchat_errors_total{code=\"a\\\"b hubchat_fake}\"}"), "an escaped quote and a brace inside a string");
        assertEquals(Set.of("hubchat_ready"), PromQlNames.in("hubchat_ready == 1e-3 + 0x1Fe-2 + .5 + 2E+10 - 1_000"));
        assertEquals(Set.of("hubchat_rooms", "hubchat_connections"), PromQlNames.in(
                "hubchat_rooms # hubchat_fake\n+ hubchat_connections"), "a comment ends at the line's end");
        assertEquals(Set.of("hubchat_connections"), PromQlNames.in(
                "hubchat_connections{instance=~\"$node\"} * $__interval_ms / ${factor:raw} + [[legacy]]"));
    }

    @Test
    void aNameMatcherNamesTheMetric() {
        assertEquals(Set.of("hubchat_rooms"), PromQlNames.in("{__name__=\"hubchat_rooms\", instance=\"tomcat:8080\"}"));
        assertEquals(Set.of("hubchat.rooms"), PromQlNames.in("{\"hubchat.rooms\", instance=\"x\"}"), "a quoted name in braces");
    }

    @Test
    void whatCannotBeReadSurelyIsRefused() {
        for (String bad : new String[] {"{__name__=~\"hubchat_.*\"}", "{__name__!=\"x\"}", "rate(x[1m)", "x{a=\"b\"",
                "x{a=\"b}", "x{a=b}", "label_replace(x, \"a)", "x{=\"b\"}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromQlNames.in(bad), bad);
            assertTrue(e.getMessage().endsWith(bad), "the message quotes the expression: " + e.getMessage());
        }
    }

    @Test
    void anExpressionWithoutMetricsHasNone() {
        assertEquals(Set.of(), PromQlNames.in("vector(1) + scalar(time()) * 2"));
        assertEquals(Set.of(), PromQlNames.in(""));
    }
}
