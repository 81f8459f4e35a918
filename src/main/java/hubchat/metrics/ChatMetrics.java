package hubchat.metrics;

import hubchat.protocol.Disconnect;
import hubchat.protocol.ErrorCode;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The chat's Prometheus metrics, in a registry of the application's own (never the static
 * default one), so a redeployed application or a second hub in one JVM starts from its own
 * registry. The names are a contract with dashboards: README "Metrics" lists them; add, never
 * rename.
 *
 * <p>Cost: every counter is a striped adder (Prometheus' {@code Counter}), each label value
 * resolved once here into an array indexed by the enum's ordinal, so counting is one
 * {@code add} with no lookup, lock or allocation. Callers count per message, per turn's write
 * or per connection, never per recipient. Gauges are read when scraped.
 */
public final class ChatMetrics {
    /** Bucket bounds of {@code hubchat_fanout_seconds}: 100 µs to 2.5 s. */
    private static final double[] FANOUT_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5};
    /** HTTP statuses a handshake is refused with before the upgrade, each reported from the start. */
    static final int[] REFUSAL_STATUSES = {400, 401, 403, 429, 503};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final MetricsAccess access;
    private final Counter messagesReceived;
    private final Counter deliveries;
    /** {@code hubchat_disconnects_total} by {@link Disconnect#ordinal()}. */
    private final CounterDataPoint[] disconnects;
    /** {@code hubchat_errors_total} by {@link ErrorCode#ordinal()}. */
    private final CounterDataPoint[] errors;
    private final Counter handshakesRefused;
    private final Histogram fanOut;
    private final EngineCalls engineCalls;

    /** Metrics readable from loopback only: for tests and hubs made without the wiring. */
    public ChatMetrics() {
        this(MetricsAccess.LOOPBACK_ONLY);
    }

    /** Metrics that {@code access} decides who may read. */
    public ChatMetrics(MetricsAccess access) {
        this.access = access;
        messagesReceived = Counter.builder().name("hubchat_messages_received_total")
                .help("Messages accepted and stored, counted on the node the sender is connected to").register(registry);
        deliveries = Counter.builder().name("hubchat_deliveries_total")
                .help("Message frames handed to connections for writing (one per recipient, counted once per fan-out)")
                .register(registry);
        Counter byCause = Counter.builder().name("hubchat_disconnects_total")
                .help("Ended connections by cause (the close reason token)").labelNames("cause").register(registry);
        disconnects = new CounterDataPoint[Disconnect.values().length];
        for (Disconnect cause : Disconnect.values()) {
            disconnects[cause.ordinal()] = byCause.labelValues(cause.token());
        }
        Counter byCode = Counter.builder().name("hubchat_errors_total")
                .help("Error frames sent, by code").labelNames("code").register(registry);
        errors = new CounterDataPoint[ErrorCode.values().length];
        for (ErrorCode code : ErrorCode.values()) {
            errors[code.ordinal()] = byCode.labelValues(code.wire());
        }
        handshakesRefused = Counter.builder().name("hubchat_handshakes_refused_total")
                .help("WebSocket handshakes refused before the upgrade, by HTTP status").labelNames("status")
                .register(registry);
        for (int status : REFUSAL_STATUSES) {
            handshakesRefused.labelValues(Integer.toString(status));
        }
        fanOut = Histogram.builder().name("hubchat_fanout_seconds")
                .help("Per room write carrying messages: from the room fanning out the write's earliest message"
                        + " to every connection of the write handed its frames")
                .classicOnly().classicUpperBounds(FANOUT_BOUNDS).register(registry);
        engineCalls = new EngineCalls(registry);
    }

    /** Adds the JVM's own metrics (memory, GC, threads, process). */
    public ChatMetrics includingJvm() {
        JvmMetrics.builder().register(registry);
        return this;
    }

    /** {@code hubchat_engine_info{engine}} = 1: which engine this node runs. */
    public ChatMetrics engine(String kind) {
        GaugeWithCallback.builder().name("hubchat_engine_info").help("The engine this node stores messages in")
                .labelNames("engine").callback(cb -> cb.call(1, kind)).register(registry);
        return this;
    }

    /** Gauges read from {@code hub} at every scrape: connections, rooms, readiness, send queues. */
    public void watch(HubView hub) {
        GaugeWithCallback.builder().name("hubchat_connections").help("Open connections on this node")
                .callback(cb -> cb.call(hub.connections())).register(registry);
        GaugeWithCallback.builder().name("hubchat_rooms").help("Rooms open on this node")
                .callback(cb -> cb.call(hub.rooms())).register(registry);
        GaugeWithCallback.builder().name("hubchat_ready").help("1 while the node can serve chat, else 0")
                .callback(cb -> cb.call(hub.ready() ? 1 : 0)).register(registry);
        registry.register(new SendQueueHistogram(hub));
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Who may read these metrics. */
    public MetricsAccess access() {
        return access;
    }

    /** Engine calls, timed by {@link TimedEngine}. */
    EngineCalls engineCalls() {
        return engineCalls;
    }

    /** A message was stored, sent from this node. */
    public void messageReceived() {
        messagesReceived.inc();
    }

    /** One message's frames went to {@code recipients} connections: counted once for all of them. */
    public void delivered(int recipients) {
        if (recipients > 0) {
            deliveries.inc(recipients);
        }
    }

    /** A connection ended, for {@code cause}; each connection is reported once. */
    public void disconnected(Disconnect cause) {
        disconnects[cause.ordinal()].inc();
    }

    /** An error frame was sent. */
    public void error(ErrorCode code) {
        errors[code.ordinal()].inc();
    }

    /** A handshake was refused with HTTP {@code status} before the upgrade. */
    public void handshakeRefused(int status) {
        handshakesRefused.labelValues(Integer.toString(status)).inc();
    }

    /** One room write carrying messages was handed over {@code nanos} after its earliest message's fan-out. */
    public void fannedOut(long nanos) {
        fanOut.observe(nanos / 1e9);
    }

    /** Messages counted so far: for tests. */
    public long messagesReceived() {
        return messagesReceived.getLongValue();
    }

    /** Deliveries counted so far: for tests. */
    public long deliveries() {
        return deliveries.getLongValue();
    }

    /** Connections ended for {@code cause} so far: for tests. */
    public long disconnects(Disconnect cause) {
        return disconnects[cause.ordinal()].getLongValue();
    }

    /** Error frames of {@code code} sent so far: for tests. */
    public long errors(ErrorCode code) {
        return errors[code.ordinal()].getLongValue();
    }

    /** Handshakes refused with {@code status} so far: for tests. */
    public long handshakesRefused(int status) {
        return handshakesRefused.labelValues(Integer.toString(status)).getLongValue();
    }
}
