package hubchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Origin;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings fromEnv(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return Settings.from(env::get, new Properties());
    }

    private static String refusal(String variable, String value) {
        return assertThrows(IllegalArgumentException.class, () -> fromEnv(variable, value), value).getMessage();
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        Settings s = Settings.defaults();
        assertEquals(16384, s.maxFrameBytes());
        assertEquals(1 << 20, s.sendQueueBytes());
        assertEquals(1000, s.historySize());
        assertEquals(262144, s.historyBytes());
        assertEquals(1000, s.maxRooms());
        assertEquals(600_000, s.roomIdleMillis());
        assertEquals(250, s.presenceWindowMillis());
        assertEquals(120_000, s.resumeHoldMillis());
        assertEquals(30_000, s.pingMillis());
        assertEquals(5_000, s.drainMillis());
        assertEquals(256, s.maxPendingFrames());
        assertEquals(16 << 20, s.unfinishedTextBytes());
        assertTrue(s.hubThreads() >= 2, "0: one per core, at least 2");
        assertEquals(List.of(), s.allowedOrigins());
        assertFalse(s.anyOriginAllowed());
        assertEquals(List.of(Origin.parse("http://localhost:8080"), Origin.parse("http://127.0.0.1:8080")), s.publicOrigins());
    }

    @Test
    void everyAccessorReadsItsSettingThroughItsOwnType() throws Exception {
        // A typed read of a setting of another kind throws; calling every accessor proves there is none.
        Settings s = Settings.defaults();
        int called = 0;
        for (Method m : Settings.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0) {
                m.invoke(s);
                called++;
            }
        }
        assertTrue(called >= 14, "the accessors, the summary and toString: " + called);
    }

    @Test
    void aSystemPropertyOverridesTheEnvironmentVariableWhichOverridesTheDefault() {
        Map<String, String> env = Map.of("CHAT_HISTORY_SIZE", "20", "CHAT_MAX_ROOMS", " 7 ");
        Properties props = new Properties();
        props.setProperty("chat.history.size", "30");
        Settings s = Settings.from(env::get, props);
        assertEquals(30, s.historySize());
        assertEquals(7, s.maxRooms(), "trimmed");
        assertEquals(256, s.maxPendingFrames());
    }

    @Test
    void byteSizesTakeUnitsAndGoPastAnInt() {
        Settings s = fromEnv("CHAT_SEND_QUEUE_BYTES", "3GiB", "CHAT_HISTORY_BYTES", "5000000000",
                "CHAT_MAX_FRAME_BYTES", "64KiB", "CHAT_UNFINISHED_TEXT_BYTES", "1 MiB");
        assertEquals(3L << 30, s.sendQueueBytes());
        assertEquals(5_000_000_000L, s.historyBytes());
        assertEquals(65536, s.maxFrameBytes());
        assertEquals(1 << 20, s.unfinishedTextBytes());
        assertTrue(refusal("CHAT_MAX_FRAME_BYTES", "2GiB").contains("more than 2147483647"),
                "a frame is one Java string: int at most");
    }

    @Test
    void durationsKeepTheUnitOfTheirName() {
        Settings s = fromEnv("CHAT_PING_SECONDS", "2", "CHAT_PRESENCE_WINDOW_MS", "0", "CHAT_RESUME_HOLD_SECONDS", "0",
                "CHAT_ROOM_IDLE_SECONDS", "2147483647", "CHAT_DRAIN_SECONDS", "0");
        assertEquals(2000, s.pingMillis());
        assertEquals(0, s.drainMillis());
        assertEquals(0, s.presenceWindowMillis());
        assertEquals(0, s.resumeHoldMillis());
        assertEquals(2_147_483_647_000L, s.roomIdleMillis());
        refusal("CHAT_PING_SECONDS", "0");
        refusal("CHAT_DRAIN_SECONDS", "-1");
    }

    @Test
    void allowedOriginsAreSplitAndNormalized() {
        Settings s = fromEnv("CHAT_ALLOWED_ORIGINS", " https://A.example/ ,http://b.example:81");
        assertEquals(List.of(new Origin("https", "a.example", 443), new Origin("http", "b.example", 81)), s.allowedOrigins());
        assertTrue(refusal("CHAT_ALLOWED_ORIGINS", "https://a.example,").contains("item 2 of 2 is empty"));
        assertTrue(fromEnv("CHAT_ALLOWED_ORIGINS", "*").anyOriginAllowed());
        assertEquals(List.of(), fromEnv("CHAT_ALLOWED_ORIGINS", "*").allowedOrigins());
    }

    @Test
    void publicOriginsAreSplitAndNormalized() {
        Settings s = fromEnv("CHAT_PUBLIC_ORIGIN", "HTTPS://Chat.Example.com/, http://[::1]:8080,https://chat.example.com:443");
        assertEquals(List.of(new Origin("https", "chat.example.com", 443), new Origin("http", "[0:0:0:0:0:0:0:1]", 8080)),
                s.publicOrigins(), "each origin once, default ports explicit, one trailing slash forgiven");
    }

    @Test
    void aBadOriginFailsAtStartNamingTheSettingItsItemAndTheRule() {
        assertEquals("Invalid CHAT_PUBLIC_ORIGIN (system property chat.public.origin): got 'http://localhost:8080/chat'"
                + " from the environment variable, item 1 of 1 is not an origin: a path, query or fragment is not part"
                + " of an origin; expected comma-separated origins scheme://host[:port] (http or https; no path, user"
                + " info, query or fragment)", refusal("CHAT_PUBLIC_ORIGIN", "http://localhost:8080/chat"));
        assertTrue(refusal("CHAT_PUBLIC_ORIGIN", "").contains("got '' from the environment variable, no origin;"));
        assertTrue(refusal("CHAT_PUBLIC_ORIGIN", "*").contains("* is not allowed here"));
        assertTrue(refusal("CHAT_PUBLIC_ORIGIN", "https://chat.example.com, chat.example.com")
                .contains("item 2 of 2 is not an origin: not scheme://host[:port]"));
        assertTrue(refusal("CHAT_PUBLIC_ORIGIN", "https://user@chat.example.com").contains("user info"));
        assertTrue(refusal("CHAT_PUBLIC_ORIGIN", "ws://chat.example.com").contains("the scheme is not http or https"));
        assertTrue(refusal("CHAT_ALLOWED_ORIGINS", "https://a.example, *").contains("* stands alone"));
        assertTrue(refusal("CHAT_ALLOWED_ORIGINS", "https://a.example:99999").contains("item 1 of 1 is not an origin: the port"));
    }

    @Test
    void nonsenseValuesFailAtStartWithTheVariableName() {
        for (String bad : new String[] {"-1", "ten", "1.5", "0", "", "16KB"}) {
            assertTrue(refusal("CHAT_MAX_FRAME_BYTES", bad).startsWith("Invalid CHAT_MAX_FRAME_BYTES "), bad);
        }
        for (String bad : new String[] {"-1", "ten", "1.5", "0", "99999999999"}) {
            assertTrue(refusal("CHAT_MAX_ROOMS", bad).startsWith("Invalid CHAT_MAX_ROOMS "), bad);
        }
        fromEnv("CHAT_PRESENCE_WINDOW_MS", "0", "CHAT_HUB_THREADS", "0");
    }

    @Test
    void aChoiceTakesOneOfItsWordsInAnyCaseAndNothingElse() {
        assertEquals("memory", fromEnv("CHAT_STORE", " Memory ").store());
        assertEquals("embedded", fromEnv().store());
        assertTrue(refusal("CHAT_STORE", "disk").endsWith("got 'disk' from the environment variable, not one of embedded,"
                + " memory; expected one of embedded, memory"), refusal("CHAT_STORE", "disk"));
        assertTrue(refusal("CHAT_STORE", "").contains("not one of"));
    }

    @Test
    void theErrorNamesVariablePropertyValueSourceAndWhatIsExpected() {
        assertEquals("Invalid CHAT_MAX_FRAME_BYTES (system property chat.max.frame.bytes): got 'ten' from the environment"
                + " variable, not a whole number of bytes; expected a number of bytes from 1 to 2147483647,"
                + " plain or with a unit KiB, MiB or GiB (powers of 1024, e.g. 16KiB)",
                refusal("CHAT_MAX_FRAME_BYTES", "ten"));
        Properties props = new Properties();
        props.setProperty("chat.ping.seconds", "-3");
        String fromProperty = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("CHAT_PING_SECONDS", "5")::get, props)).getMessage();
        assertEquals("Invalid CHAT_PING_SECONDS (system property chat.ping.seconds): got '-3' from the system property,"
                + " negative; expected a whole number of seconds from 1 to 2147483647", fromProperty);
        String fromCode = assertThrows(IllegalArgumentException.class,
                () -> Settings.defaults().with(Setting.HISTORY_SIZE, 0)).getMessage();
        assertTrue(fromCode.contains("got '0' from Settings.with, less than 1"), fromCode);
    }

    @Test
    void theErrorForASecretDoesNotShowIt() {
        String message = SettingTexts.invalid("CHAT_TEST_KEY", "chat.test.key", SettingType.secret(32), "hunter2",
                "the environment variable", "shorter than 32 characters");
        assertEquals("Invalid CHAT_TEST_KEY (system property chat.test.key): got '****' from the environment variable,"
                + " shorter than 32 characters; expected nothing (not set), or a secret of at least 32 characters", message);
        String url = SettingTexts.invalid("CHAT_TEST_URL", "chat.test.url", SettingType.url("redis"), "http://u:hunter2@h",
                "the environment variable", "scheme http not allowed");
        assertFalse(url.contains("hunter2"), url);
    }

    @Test
    void aTokenSecretShorterThan32CharactersIsRefusedAtStartWithoutShowingIt() {
        String short31 = "s3cr3t-".repeat(4) + "abc";
        assertEquals(31, short31.length());
        String message = refusal("CHAT_JWT_SECRET", short31);
        assertEquals("Invalid CHAT_JWT_SECRET (system property chat.jwt.secret): got '****' from the environment variable,"
                + " shorter than 32 characters; expected nothing (not set), or a secret of at least 32 characters", message);
        assertFalse(message.contains("s3cr3t"), message);
        assertEquals(short31 + "d", fromEnv("CHAT_JWT_SECRET", short31 + "d").jwtSecret().reveal());
        assertTrue(Settings.defaults().jwtSecret().isEmpty(), "not set by default: no tokens");
    }

    @Test
    void containerLoginIsOnOrOff() {
        assertFalse(Settings.defaults().containerLogin());
        assertTrue(fromEnv("CHAT_CONTAINER_LOGIN", "on").containerLogin());
        assertTrue(fromEnv("CHAT_CONTAINER_LOGIN", " ON ").containerLogin());
        assertFalse(fromEnv("CHAT_CONTAINER_LOGIN", "off").containerLogin());
        for (String bad : new String[] {"yes", "true", "1", ""}) {
            assertTrue(refusal("CHAT_CONTAINER_LOGIN", bad).startsWith("Invalid CHAT_CONTAINER_LOGIN "), bad);
        }
    }

    /**
     * Refused by the settings themselves, so the start stops before anything (a database, the
     * hub's threads) is made from them.
     */
    @Test
    void aTokenSecretAndContainerLoginTogetherAreRefusedAtStart() {
        String secret = "x".repeat(40);
        String message = assertThrows(IllegalArgumentException.class,
                () -> fromEnv("CHAT_JWT_SECRET", secret, "CHAT_CONTAINER_LOGIN", "on")).getMessage();
        assertEquals("CHAT_JWT_SECRET and CHAT_CONTAINER_LOGIN=on exclude each other: pick one source of identity", message);
        assertThrows(IllegalArgumentException.class,
                () -> Settings.defaults().with(Setting.CONTAINER_LOGIN, "on").with(Setting.JWT_SECRET, secret));
        assertFalse(fromEnv("CHAT_JWT_SECRET", secret, "CHAT_CONTAINER_LOGIN", "off").containerLogin());
    }

    @Test
    void theStartUpLineMasksTheTokenSecret() {
        String secret = "correct horse battery staple, 40 bytes!";
        String line = fromEnv("CHAT_JWT_SECRET", secret, "CHAT_HISTORY_SIZE", "500").describeNonDefaults();
        assertEquals("settings: CHAT_HISTORY_SIZE=500, CHAT_JWT_SECRET=****", line);
        assertFalse(fromEnv("CHAT_JWT_SECRET", secret).toString().contains("horse"));
        assertEquals("settings: CHAT_CONTAINER_LOGIN=on", fromEnv("CHAT_CONTAINER_LOGIN", "on").describeNonDefaults());
    }

    @Test
    void theStartUpLineSaysAllDefaultsWhenNothingIsSet() {
        assertEquals("settings: all defaults", Settings.defaults().describeNonDefaults());
        assertEquals("settings: all defaults", fromEnv("CHAT_MAX_FRAME_BYTES", "16KiB", "CHAT_HISTORY_SIZE", "1000").describeNonDefaults(),
                "a value equal to the default, however written, is the default");
    }

    @Test
    void theStartUpLineListsWhatIsNotDefaultInDeclarationOrder() {
        Properties props = new Properties();
        props.setProperty("chat.ping.seconds", "10");
        Settings s = Settings.from(Map.of("CHAT_PING_SECONDS", "5", "CHAT_HISTORY_SIZE", "500",
                "CHAT_SEND_QUEUE_BYTES", "4MiB", "CHAT_ALLOWED_ORIGINS", "https://a.example, https://b.example")::get, props);
        assertEquals("settings: CHAT_SEND_QUEUE_BYTES=4MiB, CHAT_HISTORY_SIZE=500, CHAT_PING_SECONDS=10,"
                + " CHAT_ALLOWED_ORIGINS=\"https://a.example, https://b.example\"", s.describeNonDefaults());
        assertEquals(s.describeNonDefaults(), s.toString());
        assertEquals("settings: CHAT_MAX_ROOMS=7", Settings.defaults().with(Setting.MAX_ROOMS, 7).describeNonDefaults());
    }

    @Test
    void theStartUpLineStaysOneLine() {
        Settings s = fromEnv("CHAT_DATA_DIR", "/srv/a\nINFO forged line,x\"y\\z");
        assertEquals("settings: CHAT_DATA_DIR=\"/srv/a\\u000aINFO forged line,x\\\"y\\\\z\"",
                s.describeNonDefaults());
    }

    @Test
    void everySettingIsDeclaredSoundly() {
        for (Setting s : Setting.values()) {
            assertTrue(s.env().matches("CHAT_[A-Z0-9_]+"), s.env());
            assertEquals(s.env().toLowerCase(java.util.Locale.ROOT).replace('_', '.'), s.property());
            s.type().parse(s.defaultValue()); // Settings.defaults() relies on every default being valid
            assertTrue(s.description().length() > 10 && !s.description().contains("|") && !s.description().contains("\n"),
                    "a description that fits a table row and a comment line: " + s.env());
            if (s.type() instanceof DurationType d) {
                String suffix = d.unit() == ChronoUnit.SECONDS ? "_SECONDS" : d.unit() == ChronoUnit.MILLIS ? "_MS" : "?";
                assertTrue(s.env().endsWith(suffix), s.env() + " names its unit");
            }
            if (s.type() instanceof ByteSizeType) {
                assertTrue(s.env().endsWith("_BYTES"), s.env() + " says it is bytes");
            }
        }
    }
}
