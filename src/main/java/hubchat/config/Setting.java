package hubchat.config;

/**
 * Every setting of the server: its environment variable, its default and what it limits.
 * This enum is the single source of truth; the README's settings table mirrors it and a test
 * keeps the two in step.
 *
 * <p>Each setting is read from the environment variable {@link #env()}, overridden by the system
 * property {@link #property()} (e.g. {@code -Dchat.history.size=500}).
 */
public enum Setting {
    /** Frames larger than this are closed with 1009. */
    MAX_FRAME_BYTES("CHAT_MAX_FRAME_BYTES", "16384", "largest inbound frame in bytes; larger ones are closed with 1009"),
    /** A connection whose queued outbound frames exceed this is closed with 1013. */
    SEND_QUEUE_BYTES("CHAT_SEND_QUEUE_BYTES", "1048576", "outbound bytes queued per connection before it is closed as a slow consumer (1013)"),
    /** Messages kept per room, for welcome, resume and history requests. */
    HISTORY_SIZE("CHAT_HISTORY_SIZE", "1000", "messages kept in memory per room"),
    /** Bytes of message text kept per room (whichever of the two limits is hit first). */
    HISTORY_BYTES("CHAT_HISTORY_BYTES", "262144", "bytes of stored messages (as JSON) kept per room, oldest dropped first"),
    /** Rooms that may exist at once; a join to a new room beyond it is closed with 1008. */
    MAX_ROOMS("CHAT_MAX_ROOMS", "1000", "rooms that may exist at once; joining a new room beyond it is refused (1008)"),
    /** An empty room (and its history) is forgotten after this long. */
    ROOM_IDLE_SECONDS("CHAT_ROOM_IDLE_SECONDS", "600", "seconds an empty room and its history are kept"),
    /** Joins and leaves within this window are merged into one presence frame. */
    PRESENCE_WINDOW_MS("CHAT_PRESENCE_WINDOW_MS", "250", "milliseconds over which joins and leaves are merged into one presence frame"),
    /** A client whose connection dropped keeps its nick this long, to take it back with its resume secret. */
    RESUME_HOLD_SECONDS("CHAT_RESUME_HOLD_SECONDS", "120", "seconds a dropped client's nick is held for it to resume with its secret (0 = not held)"),
    /** A connection silent this long is pinged, and closed after twice this long. */
    PING_SECONDS("CHAT_PING_SECONDS", "30", "seconds of silence before a ping; no answer within as long again closes the connection (1001)"),
    /** Origins allowed besides the page's own, comma-separated, or {@code *} for any. */
    ALLOWED_ORIGINS("CHAT_ALLOWED_ORIGINS", "", "extra browser origins allowed to connect, comma-separated (e.g. https://chat.example.com), or * for any"),
    /** Inbound frames of one connection waiting to be handled before it is closed as a flood. */
    MAX_PENDING_FRAMES("CHAT_MAX_PENDING_FRAMES", "256", "inbound frames of one connection waiting to be handled (each fragment of a message counts) before it is closed as a flood (1008)"),
    /** Heap all messages arriving in parts may hold together until their last part; past it a part closes its connection with 1013. */
    UNFINISHED_TEXT_BYTES("CHAT_UNFINISHED_TEXT_BYTES", "16777216", "heap bytes that messages arriving in parts (fragments) may hold until their last part, all connections together; a part beyond it closes its connection (1013)"),
    /** Room threads, and as many writer threads, of the hub's own executors (Tomcat); 0 means one per core. */
    HUB_THREADS("CHAT_HUB_THREADS", "0", "where the server has no managed executor (Tomcat): threads for rooms, and as many for writing to sockets (0 = one per core, at least 2)");

    private final String env;
    private final String defaultValue;
    private final String description;

    Setting(String env, String defaultValue, String description) {
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The environment variable, e.g. {@code CHAT_HISTORY_SIZE}. */
    public String env() {
        return env;
    }

    /** The system property that overrides the variable, e.g. {@code chat.history.size}. */
    public String property() {
        return env.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
