package hubchat.hub;

/**
 * Whether a node accepts chat now, and if not why: what {@code GET /health/ready} answers, so
 * that a balancer sends new clients only to nodes that can serve them. {@code reason} is a
 * stable token ({@link #STARTING}, {@link #DRAINING}, {@link #STOPPED},
 * {@link #ENGINE_UNAVAILABLE}); {@code engine} names the engine a reason is about, else null.
 */
public record Readiness(boolean ready, String reason, String engine) {
    /** The hub is not made yet, or its engine has not been reachable since the hub was made. */
    public static final String STARTING = "starting";
    /** The hub is stopping: it flushes its connections and refuses new ones. */
    public static final String DRAINING = "draining";
    /** The hub has stopped. */
    public static final String STOPPED = "stopped";
    /** The engine (a shared store: Redis, a database) was reachable and is not now. */
    public static final String ENGINE_UNAVAILABLE = "engine_unavailable";

    /** Ready to accept chat. */
    public static final Readiness READY = new Readiness(true, null, null);

    /** Not ready for {@code reason}, which concerns no engine. */
    public static Readiness not(String reason) {
        return new Readiness(false, reason, null);
    }

    /** The JSON body of {@code /health/ready}: {@code {"status":"ready"}} or the reason (and engine). */
    public String json() {
        if (ready) {
            return "{\"status\":\"ready\"}";
        }
        return "{\"status\":\"not_ready\",\"reason\":\"" + reason + "\""
                + (engine == null ? "" : ",\"engine\":\"" + engine + "\"") + "}";
    }
}
