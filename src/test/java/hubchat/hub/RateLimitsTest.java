package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.protocol.Disconnect;
import hubchat.testing.JsonFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-connection rate limits with their default settings, on a clock the test moves: each
 * kind of frame has a bucket of its own, a refused frame is answered {@code rate_limited} with
 * when to send it again (and a message's cid) and nothing of it is done, sustained abuse closes
 * the connection, and 0 turns each limit off.
 */
class RateLimitsTest {
    private HubFixture fx = HubFixture.limited(Settings.defaults().with(Setting.PRESENCE_WINDOW_MS, 0));

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aMessageFloodIsRefusedWithItsCidsAndNothingBeyondTheBurstIsStoredOrRelayed() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        postAll(ann, "m", 1, 30); // as fast as it can: all at the same instant

        List<Map<String, Object>> toAnn = fx.framesSoFar(ann);
        assertEquals(cids("m", 1, 20), fieldOf(toAnn, isType("message"), "cid"), "the burst, each acknowledged");
        List<Map<String, Object>> refusals = toAnn.stream().filter(RateLimitsTest::rateLimited).toList();
        assertEquals(cids("m", 21, 30), fieldOf(refusals, f -> true, "cid"), "each refusal names its message");
        for (Map<String, Object> r : refusals) {
            assertEquals(200L, r.get("retryAfterMs"), "5 a second: the next in 200 ms: " + r);
            assertEquals(List.of("type", "code", "message", "cid", "retryAfterMs"), List.copyOf(r.keySet()));
        }
        assertEquals(texts("m", 1, 20), fieldOf(fx.framesSoFar(bob), isType("message"), "text"), "nothing else relayed");
        Map<String, Object> welcome = fx.join("lobby", "carl").next("welcome");
        assertEquals(texts("m", 1, 20), fieldOf(JsonFrames.objects(welcome, "history"), f -> true, "text"), "nothing else stored");
    }

    @Test
    void aPasteOfTenLinesPassesAndAReconnectResendingItsPendingMessagesGetsAFullBucket() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = (String) ann.next("welcome").get("resume");
        postAll(ann, "line", 1, 10);
        assertEquals(cids("line", 1, 10), fieldOf(fx.framesSoFar(ann), isType("message"), "cid"), "a paste of ten lines");
        postAll(ann, "more", 1, 20);
        assertEquals(cids("more", 11, 20), fieldOf(fx.framesSoFar(ann), RateLimitsTest::rateLimited, "cid"),
                "its bucket is empty now");

        // Its network dies; the page reconnects with its secret and re-sends everything it still has.
        fx.lose(ann);
        FakeTransport again = fx.resume("lobby", "ann", null, secret);
        again.next("welcome");
        postAll(again, "more", 11, 20);
        postAll(again, "pending", 1, 10);
        List<Map<String, Object>> toAgain = fx.framesSoFar(again);
        assertFalse(toAgain.stream().anyMatch(RateLimitsTest::rateLimited), "a fresh connection, a full bucket: " + toAgain);
        List<Object> acknowledged = new ArrayList<>(cids("more", 11, 20));
        acknowledged.addAll(cids("pending", 1, 10));
        assertEquals(acknowledged, fieldOf(toAgain, isType("message"), "cid"));
    }

    @Test
    void theMessageBucketRefillsAtItsRate() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        postAll(ann, "burst", 1, 20);
        post(ann, "early");
        assertEquals(200L, lastRefusal(ann).get("retryAfterMs"));
        fx.time.advance(199);
        post(ann, "still-early");
        assertEquals(1L, lastRefusal(ann).get("retryAfterMs"));
        fx.time.advance(1);
        post(ann, "due");
        assertEquals(List.of("due"), fieldOf(fx.framesSoFar(ann), isType("message"), "text"), "due exactly then");

        fx.time.advance(1000);
        postAll(ann, "second", 1, 6);
        List<Map<String, Object>> frames = fx.framesSoFar(ann);
        assertEquals(texts("second", 1, 5), fieldOf(frames, isType("message"), "text"), "5 a second");
        assertEquals(cids("second", 6, 6), fieldOf(frames, RateLimitsTest::rateLimited, "cid"));
    }

    @Test
    void historyRequestsCostTheMessagesTheyMayReturn() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        for (int i = 0; i < 11; i++) {
            fx.send(ann, "{\"type\":\"history\",\"limit\":100}");
        }
        fx.send(ann, "{\"type\":\"history\",\"limit\":1}");
        List<Map<String, Object>> frames = fx.framesSoFar(ann);
        assertEquals(10, frames.stream().filter(isType("history")).count(), "a burst of 1000 messages: 10 full pages");
        List<Object> waits = fieldOf(frames, RateLimitsTest::rateLimited, "retryAfterMs");
        assertEquals(List.of(400L, 4L), waits, "250 messages a second: a full page in 400 ms, one message in 4");
        assertTrue(frames.stream().filter(RateLimitsTest::rateLimited).noneMatch(f -> f.containsKey("cid")));

        fx.time.advance(400);
        fx.send(ann, "{\"type\":\"history\",\"limit\":100}");
        assertEquals(List.of("history"), fieldOf(fx.framesSoFar(ann), isType("presence").negate(), "type"));
    }

    @Test
    void thePagesOwnScrollingBackNeverTripsTheHistoryLimit() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        // The page asks for 50 at a time, each once the one before is answered: twenty clicks
        // in a row, then a click every 200 ms for a minute, and never one refusal.
        List<Map<String, Object>> answers = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            if (i >= 20) {
                fx.time.advance(200);
            }
            fx.send(ann, "{\"type\":\"history\",\"before\":\"x-1\",\"limit\":50}");
            answers.addAll(fx.framesSoFar(ann)); // the answer, before the next click
        }
        assertEquals(320, answers.stream().filter(isType("history")).count(), "every page answered");
        assertFalse(answers.stream().anyMatch(RateLimitsTest::rateLimited));
    }

    @Test
    void nickChangesAndTypingHaveLimitsOfTheirOwn() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        postAll(ann, "burst", 1, 20); // the message bucket is empty: the others are not
        for (int i = 1; i <= 4; i++) {
            fx.send(ann, "{\"type\":\"nick\",\"nick\":\"ann" + i + "\"}");
        }
        for (int i = 1; i <= 6; i++) {
            fx.send(ann, "{\"type\":\"typing\"}");
        }
        List<Map<String, Object>> toAnn = fx.framesSoFar(ann);
        assertEquals(List.of(10_000L, 1000L), fieldOf(toAnn, RateLimitsTest::rateLimited, "retryAfterMs"),
                "the 4th nick change (6 a minute, burst 3) and the 6th typing frame (1 a second, burst 5)");
        List<Map<String, Object>> toBob = fx.framesSoFar(bob);
        assertEquals(List.of("ann", "ann1", "ann2"), fieldOf(toBob, isType("nick"), "from"));
        assertEquals(List.of("ann1", "ann2", "ann3"), fieldOf(toBob, isType("nick"), "to"));
        assertEquals(5, toBob.stream().filter(isType("typing")).count());
    }

    @Test
    void sustainedAbuseClosesWith1008AndTheRateLimitedToken() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        postAll(ann, "a", 1, 120); // the burst, then 100 refusals: as many as allowed within 10 s
        assertEquals(100, fx.framesSoFar(ann).stream().filter(RateLimitsTest::rateLimited).count());
        fx.time.advance(10_000); // those leave the window, and the bucket is full again
        postAll(ann, "b", 1, 120);
        assertEquals(100, fx.framesSoFar(ann).stream().filter(RateLimitsTest::rateLimited).count());
        assertEquals(1, ann.closed.getCount(), "still open");

        postAll(ann, "c", 1, 5); // the 101st refusal within 10 s closes; what follows is dropped
        assertEquals(1008, ann.awaitClose());
        assertEquals(Disconnect.RATE_LIMITED.reason(), ann.closeReason);
        fx.time.advance(5_000); // the bucket would be full again
        postAll(ann, "d", 1, 5);
        List<Object> relayed = fieldOf(fx.framesSoFar(bob), isType("message"), "text");
        assertEquals(40, relayed.size(), "two bursts, nothing else: " + relayed);
    }

    @Test
    void framesRefusedForWhatTheyAreCountTowardTheSameLimitAndCloseWithTheBadFramesToken() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        List<String> garbage = List.of("not json", "{\"type\":\"dance\"}", "{\"type\":\"message\",\"text\":\" \"}",
                "{\"type\":\"nick\",\"nick\":\"\u202Eann\"}", "{\"type\":\"message\",\"text\":7}");
        for (int i = 0; i < 100; i++) {
            fx.send(ann, garbage.get(i % garbage.size()));
        }
        assertEquals(100, fx.framesSoFar(ann).stream().filter(isType("error")).count(), "each answered");
        fx.time.advance(10_000); // those leave the window: a client that errs now and then is never closed
        for (int i = 0; i < 100; i++) {
            fx.send(ann, garbage.get(i % garbage.size()));
        }
        assertEquals(100, fx.framesSoFar(ann).stream().filter(isType("error")).count());
        assertEquals(1, ann.closed.getCount(), "still open");

        fx.send(ann, "{]"); // the 101st within 10 s
        assertEquals(1008, ann.awaitClose());
        assertEquals(Disconnect.BAD_FRAMES.reason(), ann.closeReason);
        assertEquals("bob", fx.post(bob, "still fine").get("from"), "no one else is touched");
    }

    @Test
    void rateLimitRefusalsAndMalformedFramesShareOneWindow() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        postAll(ann, "a", 1, 70); // the burst of 20, then 50 refusals
        for (int i = 0; i < 50; i++) {
            fx.send(ann, "not json");
        }
        assertEquals(1, ann.closed.getCount(), "100 refusals: still open");
        fx.send(ann, "not json");
        assertEquals(1008, ann.awaitClose());
        assertEquals(Disconnect.BAD_FRAMES.reason(), ann.closeReason);
    }

    @ParameterizedTest
    @EnumSource(value = Setting.class, names = {"MESSAGE_RATE", "MESSAGE_BURST", "HISTORY_RATE", "HISTORY_BURST",
            "NICK_CHANGES_PER_MINUTE", "NICK_BURST", "TYPING_RATE", "TYPING_BURST"})
    void zeroTurnsEachLimitOff(Setting zero) throws Exception {
        fx.close();
        fx = HubFixture.limited(Settings.defaults().with(Setting.PRESENCE_WINDOW_MS, 0).with(zero, 0));
        FakeTransport ann = fx.joined("lobby", "ann");
        String frame = switch (zero) {
            case MESSAGE_RATE, MESSAGE_BURST -> "{\"type\":\"message\",\"text\":\"hi\"}";
            case HISTORY_RATE, HISTORY_BURST -> "{\"type\":\"history\",\"limit\":100}";
            case NICK_CHANGES_PER_MINUTE, NICK_BURST -> null;
            default -> "{\"type\":\"typing\"}";
        };
        for (int i = 0; i < 200; i++) {
            fx.send(ann, frame != null ? frame : "{\"type\":\"nick\",\"nick\":\"ann" + (i % 2) + "\"}");
        }
        List<Map<String, Object>> frames = fx.framesSoFar(ann);
        assertFalse(frames.stream().anyMatch(RateLimitsTest::rateLimited), zero + " 0: " + frames.size() + " frames");
        assertEquals(1, ann.closed.getCount(), "still open");
        if (frame == null || frame.contains("message") || frame.contains("history")) {
            String type = frame == null ? "nick" : frame.contains("message") ? "message" : "history";
            assertEquals(200, frames.stream().filter(isType(type)).count(), "every one answered");
        }
    }

    @Test
    void zeroRefusalsAllowedMeansAbuseIsNeverClosed() throws Exception {
        fx.close();
        fx = HubFixture.limited(Settings.defaults().with(Setting.MAX_REFUSED_FRAMES, 0));
        FakeTransport ann = fx.joined("lobby", "ann");
        postAll(ann, "a", 1, 220);
        assertEquals(200, fx.framesSoFar(ann).stream().filter(RateLimitsTest::rateLimited).count());
        for (int round = 0; round < 3; round++) { // in rounds the room answers in full, under the flood limit
            for (int i = 0; i < 100; i++) {
                fx.send(ann, "not json");
            }
            assertEquals(100, fx.framesSoFar(ann).stream().filter(isType("error")).count(), "every malformed frame answered");
        }
        assertEquals(1, ann.closed.getCount(), "still open");
    }

    // ---- helpers ----

    private void post(FakeTransport t, String text) {
        fx.send(t, "{\"type\":\"message\",\"text\":\"" + text + "\",\"cid\":\"" + text + "\"}");
    }

    /** Posts {@code prefix-from} to {@code prefix-to}, each with itself as its cid. */
    private void postAll(FakeTransport t, String prefix, int from, int to) {
        texts(prefix, from, to).forEach(text -> post(t, (String) text));
    }

    private Map<String, Object> lastRefusal(FakeTransport t) throws InterruptedException {
        List<Map<String, Object>> refusals = fx.framesSoFar(t).stream().filter(RateLimitsTest::rateLimited).toList();
        assertEquals(1, refusals.size(), refusals.toString());
        return refusals.get(0);
    }

    private static List<Object> texts(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> (Object) (prefix + "-" + i)).toList();
    }

    private static List<Object> cids(String prefix, int from, int to) {
        return texts(prefix, from, to);
    }

    private static Predicate<Map<String, Object>> isType(String type) {
        return f -> type.equals(f.get("type"));
    }

    private static boolean rateLimited(Map<String, Object> f) {
        return "error".equals(f.get("type")) && "rate_limited".equals(f.get("code"));
    }

    private static List<Object> fieldOf(List<Map<String, Object>> frames, Predicate<Map<String, Object>> which, String field) {
        return frames.stream().filter(which).map(f -> f.get(field)).toList();
    }
}
