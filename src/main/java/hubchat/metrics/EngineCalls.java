package hubchat.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * {@code hubchat_engine_seconds{operation}} and {@code hubchat_engine_failures_total{operation}}:
 * how long each kind of engine call takes, from the call to its answer, and how many fail. One
 * label value per {@link Operation}, each reported from the start.
 */
final class EngineCalls {
    /** Bucket bounds in seconds: 100 µs (memory) to 10 s (a store that is timing out). */
    private static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10};

    /** The engine calls that are timed: those answered asynchronously ({@code hubchat.engine.Engine}). */
    enum Operation {
        APPEND, LATEST, AFTER, BEFORE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final DistributionDataPoint[] seconds = new DistributionDataPoint[Operation.values().length];
    private final CounterDataPoint[] failures = new CounterDataPoint[Operation.values().length];

    EngineCalls(PrometheusRegistry registry) {
        Histogram latency = Histogram.builder().name("hubchat_engine_seconds")
                .help("Engine calls from the call to the answer, by operation (an append: until it is stored and, on a"
                        + " shared store, delivered back)")
                .labelNames("operation").classicOnly().classicUpperBounds(BOUNDS).register(registry);
        Counter failed = Counter.builder().name("hubchat_engine_failures_total")
                .help("Engine calls answered with a failure, by operation").labelNames("operation").register(registry);
        for (Operation op : Operation.values()) {
            seconds[op.ordinal()] = latency.labelValues(op.label());
            failures[op.ordinal()] = failed.labelValues(op.label());
        }
    }

    /** A call of {@code op} answered {@code nanos} after it was made, failed or not. */
    void answered(Operation op, long nanos, boolean failed) {
        seconds[op.ordinal()].observe(nanos / 1e9);
        if (failed) {
            failures[op.ordinal()].inc();
        }
    }

    /** Failed calls of {@code op} so far: for tests. */
    long failures(Operation op) {
        return failures[op.ordinal()].getLongValue();
    }
}
