package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a room hands out of its history, with no container: the welcome's latest 50, a resume's
 * missed messages after {@code since}, and pages asked for with a {@code history} frame. What
 * an engine keeps is {@code EngineContract}'s.
 */
class HistoryTest {
    private final HubFixture fx = new HubFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void welcomeCarriesTheLast50MessagesOldestFirstWithoutCids() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        List<Object> ids = fx.postAll(ann, texts("m", 1, 60));
        Map<String, Object> welcome = fx.join("lobby", "carl").next("welcome");
        List<Map<String, Object>> history = messages(welcome, "history");
        assertEquals(ids.subList(10, 60), field(history, "id"));
        assertEquals(texts("m", 11, 60), field(history, "text"));
        for (Map<String, Object> m : history) {
            assertEquals("message", m.get("type"));
            assertEquals("lobby", m.get("room"));
            assertEquals("ann", m.get("from"));
            assertInstanceOf(Long.class, m.get("ts"));
            assertFalse(m.containsKey("cid"), "history never carries cids: " + m);
        }
        assertEquals(false, welcome.get("resumed"));
    }

    @Test
    void sinceResumesWithExactlyTheMissedMessages() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        String lastSeen = (String) fx.post(ann, "before").get("id");
        // More than a welcome's usual 50: a resume gives every retained message after since.
        List<String> texts = texts("missed", 1, 70);
        List<Object> missed = fx.postAll(ann, texts);

        Map<String, Object> welcome = fx.join("lobby", "ann", lastSeen, FakeTransport.reading()).next("welcome");
        assertEquals(true, welcome.get("resumed"));
        assertEquals(missed, field(messages(welcome, "history"), "id"), "exactly the missed ones, in order");
        assertEquals(texts, field(messages(welcome, "history"), "text"));

        String newest = (String) missed.get(missed.size() - 1);
        Map<String, Object> upToDate = fx.join("lobby", "ann", newest, FakeTransport.reading()).next("welcome");
        assertEquals(true, upToDate.get("resumed"), "nothing missed is still a resume");
        assertEquals(List.of(), upToDate.get("history"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "nonsense", "", "-1", "zz-1", "0-0", "abc-1"})
    void anUnknownSinceGivesTheLast50AndResumedFalse(String since) throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        List<Object> ids = fx.postAll(ann, texts("u", 1, 55));
        Map<String, Object> welcome = fx.join("lobby", "bob", since, FakeTransport.reading()).next("welcome");
        assertEquals(false, welcome.get("resumed"), "since '" + since + "'");
        assertEquals(ids.subList(5, 55), field(messages(welcome, "history"), "id"));
    }

    @Test
    void aSinceFromAnotherRoomIsUnknownThere() throws Exception {
        FakeTransport inA = fx.joined("room-a", "ann");
        FakeTransport inB = fx.joined("room-b", "ann");
        String idInA = (String) fx.post(inA, "in a").get("id");
        List<Object> idsInB = fx.postAll(inB, List.of("b1", "b2"));
        Map<String, Object> welcome = fx.join("room-b", "bob", idInA, FakeTransport.reading()).next("welcome");
        assertEquals(false, welcome.get("resumed"));
        assertEquals(idsInB, field(messages(welcome, "history"), "id"));
    }

    @Test
    void aHistoryRequestPagesBackwardsOldestFirst() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        List<Object> ids = fx.postAll(ann, texts("h", 1, 30));

        assertEquals(ids.subList(15, 20), field(history(ann, "\"before\":\"" + ids.get(20) + "\",\"limit\":5"), "id"));
        assertEquals(ids.subList(0, 3), field(history(ann, "\"before\":\"" + ids.get(3) + "\",\"limit\":100"), "id"),
                "fewer left than asked for");
        assertEquals(List.of(), history(ann, "\"before\":\"" + ids.get(0) + "\",\"limit\":10"), "nothing older than the first");
        assertEquals(ids.subList(27, 30), field(history(ann, "\"limit\":3"), "id"), "no before: the newest");
        assertEquals(ids, field(history(ann, null), "id"), "the default limit, 50, covers all 30");
        assertEquals(List.of(), history(ann, "\"before\":\"no-such-id\",\"limit\":10"), "unknown before: empty");

        List<Map<String, Object>> one = history(ann, "\"before\":\"" + ids.get(29) + "\",\"limit\":1,\"extra\":{\"ignored\":[1,2]}");
        assertEquals(List.of(ids.get(28)), field(one, "id"), "unknown fields are ignored");
        assertEquals("h29", one.get(0).get("text"));
        assertFalse(one.get(0).containsKey("cid"), "history never carries cids");
    }

    @Test
    void aHistoryRequestMayAskForUpTo100Messages() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        List<Object> ids = fx.postAll(ann, texts("x", 1, 110));
        assertEquals(ids.subList(10, 110), field(history(ann, "\"limit\":100"), "id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"limit\":0", "\"limit\":101", "\"limit\":-1", "\"limit\":\"x\"", "\"limit\":1.5",
            "\"limit\":true", "\"limit\":[]", "\"limit\":{}", "\"limit\":4294967297", "\"before\":42"})
    void aHistoryRequestWithALimitOutOfRangeOrAFieldOfTheWrongTypeIsABadRequest(String fields) throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.send(ann, "{\"type\":\"history\"," + fields + "}");
        Map<String, Object> e = ann.next();
        assertEquals("error", e.get("type"), fields + ": " + e);
        assertEquals("bad_request", e.get("code"), fields + ": " + e);
        assertEquals("still here", fx.post(ann, "still here").get("text"), "the connection works");
    }

    /** Sends a history request with {@code fields} (none if null) and returns the page, checking it holds messages. */
    private List<Map<String, Object>> history(FakeTransport t, String fields) throws InterruptedException {
        fx.send(t, fields == null ? "{\"type\":\"history\"}" : "{\"type\":\"history\"," + fields + "}");
        Map<String, Object> page = t.next();
        assertEquals("history", page.get("type"), "expected history, got " + page);
        List<Map<String, Object>> messages = messages(page, "messages");
        for (Map<String, Object> m : messages) {
            assertEquals("message", m.get("type"));
        }
        return messages;
    }

    private static List<String> texts(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(Map<String, Object> frame, String field) {
        return (List<Map<String, Object>>) (List<?>) list(frame, field);
    }

    private static List<Object> field(List<Map<String, Object>> messages, String name) {
        return messages.stream().map(m -> m.get(name)).toList();
    }
}
