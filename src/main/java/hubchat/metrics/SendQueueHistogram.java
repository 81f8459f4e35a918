package hubchat.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * {@code hubchat_send_queue_bytes}: how many bytes each open connection has outstanding (queued,
 * or written and not yet taken by its socket), as a gauge histogram built when scraped from the
 * connections open then. Nothing is counted on the chat's paths: a scrape walks the connections
 * once. A slow reader shows as a connection in the high buckets; the send queue limit
 * ({@code CHAT_SEND_QUEUE_BYTES}, 1 MiB by default) closes it past the last.
 */
final class SendQueueHistogram implements Collector {
    /** The metric's name, part of the dashboard contract. */
    static final String NAME = "hubchat_send_queue_bytes";
    /** Bucket bounds in bytes: empty, then 1 KiB to 4 MiB by fours, then everything. */
    private static final double[] BOUNDS = {0, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
            Double.POSITIVE_INFINITY};
    private static final MetricMetadata METADATA = new MetricMetadata(NAME,
            "Outstanding bytes per open connection (queued, or written and not yet taken by the socket), when scraped");

    private final HubView hub;

    SendQueueHistogram(HubView hub) {
        this.hub = hub;
    }

    @Override
    public MetricSnapshot collect() {
        long[] counts = new long[BOUNDS.length];
        double[] sum = new double[1];
        hub.outstandingBytes(bytes -> {
            sum[0] += bytes;
            int i = 0;
            while (bytes > BOUNDS[i]) {
                i++;
            }
            counts[i]++;
        });
        HistogramSnapshot.HistogramDataPointSnapshot point = new HistogramSnapshot.HistogramDataPointSnapshot(
                ClassicHistogramBuckets.of(BOUNDS, counts), sum[0], Labels.EMPTY, Exemplars.EMPTY, 0L);
        return new HistogramSnapshot(true, METADATA, List.of(point));
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
