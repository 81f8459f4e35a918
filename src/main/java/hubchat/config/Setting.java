package hubchat.config;

import static hubchat.config.SettingType.byteSize;
import static hubchat.config.SettingType.choice;
import static hubchat.config.SettingType.list;
import static hubchat.config.SettingType.millis;
import static hubchat.config.SettingType.origins;
import static hubchat.config.SettingType.seconds;
import static hubchat.config.SettingType.secret;
import static hubchat.config.SettingType.text;
import static hubchat.config.SettingType.url;
import static hubchat.config.SettingType.wholeNumber;

/**
 * Every setting of the server, one line each: its environment variable, its {@link SettingType}
 * (how its text is parsed and checked), its default and what it does. The description here is
 * the only one: the README's settings table and {@code docker/hubchat.env} repeat it, and a test
 * checks that they repeat it exactly.
 *
 * <p>Each setting is read from the environment variable {@link #env()}, overridden by the system
 * property {@link #property()} (e.g. {@code -Dchat.history.size=500}).
 *
 * <p>Why an enum that carries its type, rather than typed constants ({@code Setting<Long>}):
 * the enum gives every setting one line, a fixed order for the documentation, and
 * {@code EnumMap}s and {@code switch}es for the code and tests that name settings. Java enums
 * cannot be generic, so the type is checked where a value is read, at run time: {@link Settings}
 * parses every value with its own setting's type at start-up, and its accessors read a value
 * only through the type they expect, failing on a mismatch (a test calls every accessor), so no
 * value is ever taken by another setting's rule.
 */
public enum Setting {
    MAX_FRAME_BYTES("CHAT_MAX_FRAME_BYTES", byteSize(1, Integer.MAX_VALUE), "16384", "largest inbound frame in bytes; larger ones are closed with 1009"),
    SEND_QUEUE_BYTES("CHAT_SEND_QUEUE_BYTES", byteSize(1, Long.MAX_VALUE), "1048576", "outbound bytes queued per connection before it is closed as a slow consumer (1013)"),
    HISTORY_SIZE("CHAT_HISTORY_SIZE", wholeNumber(1), "1000", "messages kept per room in memory (with a database: the newest, which joins read)"),
    HISTORY_BYTES("CHAT_HISTORY_BYTES", byteSize(1, Long.MAX_VALUE), "262144", "bytes of stored messages (as JSON) kept per room, oldest dropped first"),
    MAX_ROOMS("CHAT_MAX_ROOMS", wholeNumber(1), "1000", "rooms that may exist at once (those with members, seats held for a resume, or history within CHAT_ROOM_IDLE_SECONDS); joining a new room beyond it is refused (1008)"),
    NEW_ROOMS_PER_MINUTE("CHAT_NEW_ROOMS_PER_MINUTE", wholeNumber(0), "30", "new rooms one client address may make per minute once its burst (CHAT_NEW_ROOMS_BURST) is spent; a join that would make one more is refused (1008) (0 = no limit)"),
    NEW_ROOMS_BURST("CHAT_NEW_ROOMS_BURST", wholeNumber(1), "60", "new rooms one client address may make at once before CHAT_NEW_ROOMS_PER_MINUTE applies"),
    MAX_CONNECTIONS_PER_ADDRESS("CHAT_MAX_CONNECTIONS_PER_ADDRESS", wholeNumber(0), "100", "open WebSocket connections one client address may have; a handshake beyond it is refused with HTTP 429 before the upgrade (0 = no limit)"),
    MAX_CONNECTIONS("CHAT_MAX_CONNECTIONS", wholeNumber(0), "10000", "open WebSocket connections in all; a handshake beyond it is refused with HTTP 503 before the upgrade (0 = no limit)"),
    TRUSTED_PROXIES("CHAT_TRUSTED_PROXIES", list(), "", "proxies whose X-Forwarded-For names the client, comma-separated addresses or CIDR ranges (e.g. 10.0.0.0/8, 192.0.2.7); empty: never trusted, the TCP peer is the client"),
    ROOM_IDLE_SECONDS("CHAT_ROOM_IDLE_SECONDS", seconds(1), "600", "seconds an empty room and its history are kept"),
    PRESENCE_WINDOW_MS("CHAT_PRESENCE_WINDOW_MS", millis(0), "250", "milliseconds over which joins and leaves are merged into one presence frame"),
    RESUME_HOLD_SECONDS("CHAT_RESUME_HOLD_SECONDS", seconds(0), "120", "seconds a dropped client's nick is held for it to resume with its secret (0 = not held)"),
    LEAVE_GRACE_SECONDS("CHAT_LEAVE_GRACE_SECONDS", seconds(0), "10", "seconds a member whose connection dropped without a goodbye stays listed and is not announced as gone, so that a client back within them with its resume secret is announced as neither (0 = its leave is announced at once)"),
    PING_SECONDS("CHAT_PING_SECONDS", seconds(1), "30", "seconds of silence before a ping; no answer within as long again closes the connection (1001)"),
    DRAIN_SECONDS("CHAT_DRAIN_SECONDS", seconds(0), "5", "seconds a stopping server (SIGTERM, undeploy) goes on sending what is queued for its connections before it closes them with 1001 restarting; it is not ready and refuses new handshakes (503) from the start (0 = close at once)"),
    ALLOWED_ORIGINS("CHAT_ALLOWED_ORIGINS", origins(true, true), "", "extra browser origins allowed to connect, comma-separated (e.g. https://chat.example.com), or * for any"),
    PUBLIC_ORIGIN("CHAT_PUBLIC_ORIGIN", origins(false, false), "http://localhost:8080,http://127.0.0.1:8080", "the origins the chat page is served from, comma-separated scheme://host[:port] (e.g. https://chat.example.com): a browser's handshake from any other origin, not in CHAT_ALLOWED_ORIGINS either, is refused (403), whatever its Host header says"),
    JWT_SECRET("CHAT_JWT_SECRET", secret(32), "", "secret (at least 32 characters) that signs tokens (JWT, HS256): when set, every handshake needs token=, a token with sub and exp, else HTTP 401; empty: anyone may connect under a nick of their choosing"),
    CONTAINER_LOGIN("CHAT_CONTAINER_LOGIN", choice("off", "on"), "off", "on: the user the container logged in (a security-constraint on /ws/*, a Tomcat realm or Payara's security) is the identity, and a handshake without one is refused (401); not together with CHAT_JWT_SECRET"),
    MAX_PENDING_FRAMES("CHAT_MAX_PENDING_FRAMES", wholeNumber(1), "256", "inbound frames of one connection waiting to be handled (each fragment of a message counts) before it is closed as a flood (1008)"),
    MESSAGE_RATE("CHAT_MESSAGE_RATE", wholeNumber(0), "5", "messages per second one connection may post, sustained; more are refused with the error rate_limited (0 = no limit)"),
    MESSAGE_BURST("CHAT_MESSAGE_BURST", wholeNumber(0), "20", "messages one connection may post at once before CHAT_MESSAGE_RATE applies, e.g. re-sends after a reconnect (0 = no limit)"),
    HISTORY_RATE("CHAT_HISTORY_RATE", wholeNumber(0), "250", "messages per second one connection may ask for in history requests, sustained, each request costing its limit; more are refused with rate_limited (0 = no limit)"),
    HISTORY_BURST("CHAT_HISTORY_BURST", wholeNumber(0), "1000", "messages one connection may ask for in history requests at once before CHAT_HISTORY_RATE applies (0 = no limit)"),
    NICK_CHANGES_PER_MINUTE("CHAT_NICK_CHANGES_PER_MINUTE", wholeNumber(0), "6", "nick changes per minute one connection may ask for, sustained; more are refused with rate_limited (0 = no limit)"),
    NICK_BURST("CHAT_NICK_BURST", wholeNumber(0), "3", "nick changes one connection may ask for at once before CHAT_NICK_CHANGES_PER_MINUTE applies (0 = no limit)"),
    TYPING_RATE("CHAT_TYPING_RATE", wholeNumber(0), "1", "typing frames per second one connection may send, sustained; more are refused with rate_limited (0 = no limit)"),
    TYPING_BURST("CHAT_TYPING_BURST", wholeNumber(0), "5", "typing frames one connection may send at once before CHAT_TYPING_RATE applies (0 = no limit)"),
    MAX_REFUSED_FRAMES("CHAT_MAX_REFUSED_FRAMES", wholeNumber(0), "100", "frames of one connection refused within 10 seconds (over a rate limit, or malformed or invalid: answered with an error) before it is closed for abuse (1008 rate_limited or bad_frames); 0 = never closed for it"),
    UNFINISHED_TEXT_BYTES("CHAT_UNFINISHED_TEXT_BYTES", byteSize(1, Long.MAX_VALUE), "16777216", "heap bytes that messages arriving in parts (fragments) may hold until their last part, all connections together; a part beyond it closes its connection (1013)"),
    HUB_THREADS("CHAT_HUB_THREADS", wholeNumber(0), "0", "threads for rooms, and as many for writing to sockets (0 = one per core, at least 2); on a Jakarta EE server they are managed threads from its DefaultManagedThreadFactory"),
    REDIS_URL("CHAT_REDIS_URL", url("redis", "rediss"), "", "Redis that several nodes share to act as one chat, e.g. redis://:password@host:6379/0 (rediss:// for TLS); empty: rooms live in this node's memory"),
    STORE("CHAT_STORE", choice("embedded", "memory"), "embedded", "where a node without Redis keeps history when no database is named: embedded (a database file in CHAT_DATA_DIR, kept across restarts) or memory (lost at every restart)"),
    DATA_DIR("CHAT_DATA_DIR", text(), "", "folder of the embedded database; empty: the container's (Tomcat: CATALINA_BASE/data/hubchat, Payara Micro: its root folder's data/hubchat, else ~/.hubchat)"),
    DB_URL("CHAT_DB_URL", text(), "", "JDBC URL of a database server that keeps history (with CHAT_REDIS_URL: the archive every node writes each message to, which pages older than Redis keeps read), e.g. jdbc:postgresql://db:5432/hubchat; empty: CHAT_STORE decides (with Redis: no archive)"),
    DB_USER("CHAT_DB_USER", text(), "", "user name for CHAT_DB_URL"),
    DB_PASSWORD("CHAT_DB_PASSWORD", secret(0), "", "password for CHAT_DB_URL"),
    DB_JNDI("CHAT_DB_JNDI", text(), "", "JNDI name of a container DataSource that keeps history, or with CHAT_REDIS_URL the archive, e.g. java:comp/env/jdbc/hubchat (instead of CHAT_DB_URL)"),
    RETAIN_MESSAGES("CHAT_RETAIN_MESSAGES", wholeNumber(1), "100000", "messages a database keeps per room, oldest deleted first"),
    RETAIN_DAYS("CHAT_RETAIN_DAYS", wholeNumber(0), "365", "days a database keeps a message (0 = as long as CHAT_RETAIN_MESSAGES allows)"),
    METRICS_ALLOW("CHAT_METRICS_ALLOW", list(), "loopback", "who may read GET /metrics without a token, comma-separated: loopback (127.0.0.0/8 and ::1), any, or addresses and CIDR ranges; the client address is the one CHAT_TRUSTED_PROXIES resolves"),
    METRICS_TOKEN("CHAT_METRICS_TOKEN", secret(32), "", "secret (at least 32 characters) a scraper may send as Authorization: Bearer <token> to read GET /metrics from any address; empty: CHAT_METRICS_ALLOW alone decides"),
    LOG_FORMAT("CHAT_LOG_FORMAT", choice("text", "json"), "text", "text: the container's log format; json: the hubchat loggers write one JSON object per line (time, level, logger, message and the line's fields) to standard output, and not to the container's log");
    // MAX_FRAME_BYTES stops at Integer.MAX_VALUE: a frame is held whole in one Java string and
    // the WebSocket API sizes its buffers in int. The other byte sizes are totals, free to be long.

    private final String env;
    private final SettingType<?> type;
    private final String defaultValue;
    private final String description;

    Setting(String env, SettingType<?> type, String defaultValue, String description) {
        this.env = env;
        this.type = type;
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

    /** How this setting's text is parsed, checked and shown. */
    public SettingType<?> type() {
        return type;
    }

    /** The text that applies when neither the variable nor the property is set; empty for none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What the setting does, for operators: the README and {@code docker/hubchat.env} show it as written. */
    public String description() {
        return description;
    }
}
