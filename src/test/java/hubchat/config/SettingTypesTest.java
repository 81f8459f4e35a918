package hubchat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each {@link SettingType}: what it takes, what it refuses and why, and how it shows a value. */
class SettingTypesTest {

    /** The reason {@code type} gives for refusing {@code text}, which must not repeat the text. */
    private static String refusal(SettingType<?> type, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> type.parse(text), text);
        if (text.length() > 2) {
            assertFalse(e.getMessage().contains(text), "the reason leaves the text to the caller: " + e.getMessage());
        }
        return e.getMessage();
    }

    @Test
    void wholeNumbersWithinTheirBounds() {
        SettingType<Integer> positive = SettingType.wholeNumber(1);
        assertEquals(1, positive.parse("1"));
        assertEquals(Integer.MAX_VALUE, positive.parse("2147483647"));
        assertEquals(5, positive.parse("+5"), "a sign, as Integer.parseInt took it");
        assertEquals("less than 1", refusal(positive, "0"));
        assertEquals("negative", refusal(positive, "-1"));
        assertEquals("more than 2147483647", refusal(positive, "2147483648"));
        assertEquals("more than 2147483647", refusal(positive, "99999999999999999999999"));
        assertEquals("not a whole number", refusal(positive, "ten"));
        assertEquals("not a whole number", refusal(positive, "1.5"));
        assertEquals("not a whole number", refusal(positive, "1e3"));
        assertEquals("empty", refusal(positive, ""));
        assertEquals(0, SettingType.wholeNumber(0).parse("0"));
        assertEquals("a whole number from 0 to 2147483647", SettingType.wholeNumber(0).expected());
    }

    @Test
    void byteSizesArePlainNumbersOrBinaryUnitsAndMayPassAnInt() {
        SettingType<Long> size = SettingType.byteSize(1, Long.MAX_VALUE);
        assertEquals(16384L, size.parse("16384"));
        assertEquals(16384L, size.parse("16KiB"));
        assertEquals(16384L, size.parse("16 kib"));
        assertEquals(4L << 20, size.parse("4MiB"));
        assertEquals(3L << 30, size.parse("3GiB"), "past Integer.MAX_VALUE");
        assertEquals(5_000_000_000L, size.parse("5000000000"), "past Integer.MAX_VALUE, plain");
        assertEquals(512L, size.parse("512B"));
        assertEquals(Long.MAX_VALUE, size.parse(String.valueOf(Long.MAX_VALUE)));
        assertEquals("more than " + Long.MAX_VALUE, refusal(size, "9223372036854775808"));
        assertEquals("more than " + Long.MAX_VALUE + " bytes", refusal(size, "9000000000GiB"));
        assertEquals("less than 1", refusal(size, "0"));
        assertEquals("less than 1", refusal(size, "0MiB"));
        assertEquals("negative", refusal(size, "-1"));
        assertEquals("negative", refusal(size, "-1KiB"));
        assertEquals("not a whole number", refusal(size, "1.5MiB"));
        assertEquals("not a whole number of bytes", refusal(size, "ten"));
        assertEquals("not a whole number of bytes", refusal(size, ""));
        assertEquals("unknown unit 'KB'", refusal(size, "16KB"), "powers of 1000 or 1024? refused, not guessed");
        assertEquals("unknown unit 'M'", refusal(size, "1M"));
        assertTrue(size.expected().contains("KiB, MiB or GiB"), size.expected());
    }

    @Test
    void aByteSizeCanBeCappedAtAnInt() {
        SettingType<Long> frame = SettingType.byteSize(1, Integer.MAX_VALUE);
        assertEquals((long) Integer.MAX_VALUE, frame.parse("2147483647"));
        assertEquals("more than 2147483647", refusal(frame, "2GiB"));
        assertEquals("more than 2147483647", refusal(frame, "2147483648"));
    }

    @Test
    void durationsAreWholeNumbersInTheUnitTheNameSays() {
        assertEquals(Duration.ofSeconds(30), SettingType.seconds(1).parse("30"));
        assertEquals(Duration.ofMillis(250), SettingType.millis(0).parse("250"));
        assertEquals(Duration.ZERO, SettingType.seconds(0).parse("0"));
        assertEquals("less than 1", refusal(SettingType.seconds(1), "0"));
        assertEquals("negative", refusal(SettingType.millis(0), "-5"));
        assertEquals("not a whole number", refusal(SettingType.seconds(1), "30s"), "the unit is in the name, not the value");
        assertEquals("more than 2147483647", refusal(SettingType.seconds(1), "2147483648"));
        assertEquals("a whole number of seconds from 1 to 2147483647", SettingType.seconds(1).expected());
        assertEquals("a whole number of milliseconds from 0 to 2147483647", SettingType.millis(0).expected());
    }

    @Test
    void listsAreCommaSeparatedWithoutEmptyItems() {
        SettingType<List<String>> list = SettingType.list();
        assertEquals(List.of(), list.parse(""));
        assertEquals(List.of("a"), list.parse("a"));
        assertEquals(List.of("a", "b c", "d"), list.parse(" a , b c,d "));
        assertEquals("item 2 of 3 is empty", refusal(list, "a,,b"));
        assertEquals("item 2 of 3 is empty", refusal(list, "a, ,b"));
        assertEquals("item 1 of 2 is empty", refusal(list, ",a"));
        assertEquals("item 2 of 2 is empty", refusal(list, "a,"));
        assertEquals("item 1 of 2 is empty", refusal(list, ","));
    }

    @Test
    void urlsHaveAnAllowedSchemeAndAHost() {
        SettingType<Optional<URI>> redis = SettingType.url("redis", "rediss");
        assertEquals(Optional.empty(), redis.parse(""), "nothing: not configured");
        assertEquals(Optional.of(URI.create("redis://localhost:6379/0")), redis.parse("redis://localhost:6379/0"));
        assertEquals(Optional.of(URI.create("REDISS://user:pw@cache.example")), redis.parse("REDISS://user:pw@cache.example"));
        assertEquals("scheme http not allowed", refusal(redis, "http://cache.example"));
        assertEquals("no scheme", refusal(redis, "//cache.example:6379"));
        assertEquals("scheme cache.example not allowed", refusal(redis, "cache.example:6379"));
        assertTrue(refusal(redis, "redis://cache example").startsWith("not a URL ("));
        assertTrue(refusal(redis, "redis:///0").startsWith("no host name"));
        assertTrue(refusal(redis, "redis://bad_host:6379").startsWith("no host name"));
        assertEquals("port above 65535", refusal(redis, "redis://cache.example:70000"));
        SettingType<Optional<URI>> web = SettingType.url("http", "https");
        assertTrue(web.parse("https://auth.example/keys?x=1").isPresent());
        assertEquals("scheme redis not allowed", refusal(web, "redis://cache.example"));
        assertEquals("nothing (not set), or a URL redis://, rediss:// with a host (e.g. redis://host:port)", redis.expected());
    }

    @Test
    void aUrlIsShownWithoutItsUserInfo() {
        SettingType<Optional<URI>> redis = SettingType.url("redis", "rediss");
        assertEquals("rediss://****@cache.example:6380/0", redis.show("rediss://user:hunter2@cache.example:6380/0"));
        assertEquals("redis://****@cache.example", redis.show("redis://hunter2@cache.example"));
        assertEquals("redis://cache.example/a@b", redis.show("redis://cache.example/a@b"), "an @ in the path is not user info");
        assertEquals("redis://cache.example", redis.show("redis://cache.example"));
        assertEquals("not a url :pw@x", redis.show("not a url :pw@x"));
    }

    @Test
    void secretsAreNeverShown() {
        SettingType<Secret> secret = SettingType.secret(8);
        Secret s = secret.parse("correct horse battery");
        assertEquals("correct horse battery", s.reveal());
        assertEquals(Secret.MASK, s.toString());
        assertEquals(Secret.MASK, String.valueOf(List.of(s)).replaceAll("[\\[\\]]", ""));
        assertEquals(Secret.MASK, secret.show("correct horse battery"));
        assertTrue(secret.parse("").isEmpty(), "nothing: not set");
        assertEquals("shorter than 8 characters", refusal(secret, "hunter2"));
        assertEquals(secret.parse("same secret"), secret.parse("same secret"));
        assertFalse(secret.parse("same secret").equals(secret.parse("other secret")));
    }

    @Test
    void textIsTakenAsItIs() {
        assertEquals("any thing, at all", SettingType.text().parse("any thing, at all"));
        assertEquals("", SettingType.text().parse(""));
    }
}
