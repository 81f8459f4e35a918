package hubchat.config;

import hubchat.protocol.Origin;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The resolved values of every {@link Setting}: what the hub, the endpoint and the filters
 * read their limits from. Immutable; built once at start-up, where every value is parsed by its
 * setting's {@link SettingType}, so a bad value stops the server before it serves anyone.
 */
public final class Settings {
    private static final String FROM_PROPERTY = "the system property";
    private static final String FROM_ENV = "the environment variable";
    private static final String FROM_DEFAULT = "the default";
    private static final String FROM_CODE = "Settings.with";

    /** What each setting was given, for error messages and {@link #describeNonDefaults}. */
    private final Map<Setting, Given> given;
    /** Each text parsed by its setting's type; read only through {@link #value}. */
    private final Map<Setting, Object> values = new EnumMap<>(Setting.class);

    /** A setting's text (trimmed) and where it came from: a property, a variable, the default. */
    private record Given(String text, String source) {
    }

    private Settings(Map<Setting, Given> given) {
        this.given = given;
        given.forEach((s, g) -> values.put(s, parse(s, g)));
        refuseContradictions();
    }

    /**
     * Values each valid that contradict each other stop the start as a bad value does, here,
     * before anything (a database, threads) is made from them: a server has one source of
     * identity, so a token secret and container login exclude each other.
     */
    private void refuseContradictions() {
        if (!jwtSecret().isEmpty() && containerLogin()) {
            throw new IllegalArgumentException(Setting.JWT_SECRET.env() + " and " + Setting.CONTAINER_LOGIN.env()
                    + "=on exclude each other: pick one source of identity");
        }
    }

    /** Settings from this process's environment variables and system properties. */
    public static Settings fromEnvironment() { return from(System.getenv()::get, System.getProperties()); }

    /** Defaults only: for tests. */
    public static Settings defaults() { return from(name -> null, new Properties()); }

    /**
     * Settings where {@code env} looks up variables and {@code props} overrides them; throws
     * {@link IllegalArgumentException} naming the first setting whose value its type refuses.
     */
    public static Settings from(Function<String, String> env, Properties props) {
        Map<Setting, Given> given = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String property = props.getProperty(s.property());
            String variable = env.apply(s.env());
            given.put(s, property != null ? new Given(property.trim(), FROM_PROPERTY)
                    : variable != null ? new Given(variable.trim(), FROM_ENV)
                    : new Given(s.defaultValue(), FROM_DEFAULT));
        }
        return new Settings(given);
    }

    /** A copy with one value changed ({@code String.valueOf(value)}, parsed as at start-up): for tests. */
    public Settings with(Setting setting, Object value) {
        Map<Setting, Given> copy = new EnumMap<>(given);
        copy.put(setting, new Given(String.valueOf(value), FROM_CODE));
        return new Settings(copy);
    }

    /** At most {@link Integer#MAX_VALUE}, which its type enforces, so this is an int. */
    public int maxFrameBytes() { return Math.toIntExact(bytes(Setting.MAX_FRAME_BYTES)); }

    public long sendQueueBytes() { return bytes(Setting.SEND_QUEUE_BYTES); }

    public int historySize() { return count(Setting.HISTORY_SIZE); }

    public long historyBytes() { return bytes(Setting.HISTORY_BYTES); }

    public int maxRooms() { return count(Setting.MAX_ROOMS); }

    /** New rooms per minute per client address after its burst; 0: no limit. */
    public int newRoomsPerMinute() { return count(Setting.NEW_ROOMS_PER_MINUTE); }

    public int newRoomsBurst() { return count(Setting.NEW_ROOMS_BURST); }

    /** Open connections per client address; 0: no limit. */
    public int maxConnectionsPerAddress() { return count(Setting.MAX_CONNECTIONS_PER_ADDRESS); }

    /** Open connections in all; 0: no limit. */
    public int maxConnections() { return count(Setting.MAX_CONNECTIONS); }

    /** Addresses and CIDR ranges of the proxies whose {@code X-Forwarded-For} is trusted, as written. */
    public List<String> trustedProxies() { return value(Setting.TRUSTED_PROXIES, ListType.class); }

    public long roomIdleMillis() { return millis(Setting.ROOM_IDLE_SECONDS); }

    public long presenceWindowMillis() { return millis(Setting.PRESENCE_WINDOW_MS); }

    public long resumeHoldMillis() { return millis(Setting.RESUME_HOLD_SECONDS); }

    public long leaveGraceMillis() { return millis(Setting.LEAVE_GRACE_SECONDS); }

    public long pingMillis() { return millis(Setting.PING_SECONDS); }

    /** How long a stopping hub goes on writing queued frames before it closes every connection. */
    public long drainMillis() { return millis(Setting.DRAIN_SECONDS); }

    public int maxPendingFrames() { return count(Setting.MAX_PENDING_FRAMES); }

    public int messageRate() { return count(Setting.MESSAGE_RATE); }

    public int messageBurst() { return count(Setting.MESSAGE_BURST); }

    public int historyRate() { return count(Setting.HISTORY_RATE); }

    public int historyBurst() { return count(Setting.HISTORY_BURST); }

    public int nickChangesPerMinute() { return count(Setting.NICK_CHANGES_PER_MINUTE); }

    public int nickBurst() { return count(Setting.NICK_BURST); }

    public int typingRate() { return count(Setting.TYPING_RATE); }

    public int typingBurst() { return count(Setting.TYPING_BURST); }

    public int maxRefusedFrames() { return count(Setting.MAX_REFUSED_FRAMES); }

    public long unfinishedTextBytes() { return bytes(Setting.UNFINISHED_TEXT_BYTES); }

    public int hubThreads() {
        int n = count(Setting.HUB_THREADS);
        return n == 0 ? Math.max(2, Runtime.getRuntime().availableProcessors()) : n;
    }

    /** The Redis to share rooms through; empty: this node alone, in memory. */
    public Optional<URI> redisUrl() { return value(Setting.REDIS_URL, UrlType.class); }

    /** {@code embedded} or {@code memory}: where history is kept without Redis or a named database. */
    public String store() { return value(Setting.STORE, ChoiceType.class); }

    /** The embedded database's folder; empty: the container's default. */
    public String dataDir() { return value(Setting.DATA_DIR, TextType.class); }

    public String dbUrl() { return value(Setting.DB_URL, TextType.class); }

    public String dbUser() { return value(Setting.DB_USER, TextType.class); }

    public Secret dbPassword() { return value(Setting.DB_PASSWORD, SecretType.class); }

    /** The secret that signs tokens; empty when identity does not come from tokens. */
    public Secret jwtSecret() { return value(Setting.JWT_SECRET, SecretType.class); }

    /** Whether the container's logged-in user is the identity. */
    public boolean containerLogin() { return value(Setting.CONTAINER_LOGIN, ChoiceType.class).equals("on"); }

    public String dbJndi() { return value(Setting.DB_JNDI, TextType.class); }

    public int retainMessages() { return count(Setting.RETAIN_MESSAGES); }

    /** Days a database keeps a message; 0: no limit by age. */
    public int retainDays() { return count(Setting.RETAIN_DAYS); }

    /** Who may read {@code /metrics} without a token: {@code loopback}, {@code any}, addresses and CIDR ranges. */
    public List<String> metricsAllow() { return value(Setting.METRICS_ALLOW, ListType.class); }

    /** The bearer token that reads {@code /metrics} from anywhere; empty if none. */
    public Secret metricsToken() { return value(Setting.METRICS_TOKEN, SecretType.class); }

    /** How the hubchat loggers write: {@code text} (the container's way) or {@code json}. */
    public String logFormat() { return value(Setting.LOG_FORMAT, ChoiceType.class); }

    /** The origins the chat page is served from: browsers on these are this server's own (at least one). */
    public List<Origin> publicOrigins() { return value(Setting.PUBLIC_ORIGIN, OriginsType.class).origins(); }

    /** Further origins whose pages may connect (empty with {@link #anyOriginAllowed()}). */
    public List<Origin> allowedOrigins() { return value(Setting.ALLOWED_ORIGINS, OriginsType.class).origins(); }

    /** {@code CHAT_ALLOWED_ORIGINS=*}: a page from any origin may connect. */
    public boolean anyOriginAllowed() { return value(Setting.ALLOWED_ORIGINS, OriginsType.class).any(); }

    /**
     * One log line with every setting whose value is not its default, in declaration order,
     * secrets masked: {@code settings: CHAT_HISTORY_SIZE=500, CHAT_JWT_SECRET=****}, or
     * {@code settings: all defaults}. A value that is not plain (a comma, a space, a quote, a
     * control character) is quoted and escaped, so the line stays one line and splits cleanly.
     * A value written differently but equal to the default ({@code 16KiB} for {@code 16384})
     * counts as the default.
     */
    public String describeNonDefaults() {
        String changed = Arrays.stream(Setting.values())
                .filter(s -> !Objects.equals(values.get(s), s.type().parse(s.defaultValue())))
                .map(s -> s.env() + "=" + SettingTexts.quoteIfNeeded(s.type().show(given.get(s).text())))
                .collect(Collectors.joining(", "));
        return "settings: " + (changed.isEmpty() ? "all defaults" : changed);
    }

    /** {@link #describeNonDefaults()}: secrets stay masked wherever a {@code Settings} is printed. */
    @Override
    public String toString() { return describeNonDefaults(); }

    private long bytes(Setting s) {
        return value(s, ByteSizeType.class);
    }

    private int count(Setting s) {
        return value(s, IntegerType.class);
    }

    private long millis(Setting s) {
        Duration d = value(s, DurationType.class);
        return d.toMillis(); // at most Integer.MAX_VALUE seconds (DurationType): fits a long
    }

    /**
     * The value of {@code s}, which must be of type {@code rule}: the one place a parsed value
     * is read, so an accessor cannot take a setting of another kind (a duration as bytes).
     */
    private <T, R extends SettingType<T>> T value(Setting s, Class<R> rule) {
        if (!rule.isInstance(s.type())) {
            throw new IllegalStateException(s.env() + " is a " + s.type().getClass().getSimpleName()
                    + " setting, read here as a " + rule.getSimpleName());
        }
        @SuppressWarnings("unchecked") // s.type() is an R, a SettingType<T>, and made this value
        T value = (T) values.get(s);
        return value;
    }

    private static Object parse(Setting s, Given g) {
        try {
            return s.type().parse(g.text());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    SettingTexts.invalid(s.env(), s.property(), s.type(), g.text(), g.source(), e.getMessage()), e);
        }
    }
}
