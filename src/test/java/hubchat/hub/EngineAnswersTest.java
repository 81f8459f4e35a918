package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.config.Setting;
import hubchat.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The room with an engine whose answers come late or not at all, as a remote engine's may: a
 * welcome and the live messages after it join with no gap and no duplicate, nothing reaches a
 * member before its welcome, and a message the engine cannot store is answered as unavailable.
 */
class EngineAnswersTest {
    private static final Settings SETTINGS = Settings.defaults().with(Setting.PRESENCE_WINDOW_MS, 50);
    private HeldEngine engine;
    private final HubFixture fx = new HubFixture(SETTINGS, time -> engine = new HeldEngine(HubFixture.memoryEngine(SETTINGS, time)));

    @AfterEach
    void stop() {
        fx.close();
    }

    @ParameterizedTest(name = "history read when asked: {0}")
    @ValueSource(booleans = {false, true})
    void messagesStoredWhileAWelcomeIsUnderwayComeAfterItExactlyOnceInOrder(boolean readAtRelease) throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.say(ann, "before");
        ann.next("message");
        engine.holdReads(readAtRelease);
        FakeTransport bob = fx.join("lobby", "bob");
        fx.settle(fx.member(ann).room());
        for (int i = 1; i <= 3; i++) {
            fx.say(ann, "while " + i);
        }
        fx.framesSoFar(ann);
        assertEquals(List.of(), fx.framesSoFar(bob), "nothing before the welcome");
        engine.release();
        fx.say(ann, "after");

        List<Map<String, Object>> frames = fx.framesSoFar(bob);
        assertEquals("welcome", frames.get(0).get("type"), "the welcome first: " + frames);
        List<Object> seen = new ArrayList<>();
        for (Object m : list(frames.get(0), "history")) {
            seen.add(((Map<?, ?>) m).get("text"));
        }
        frames.stream().skip(1).filter(f -> "message".equals(f.get("type"))).forEach(f -> seen.add(f.get("text")));
        assertEquals(List.of("before", "while 1", "while 2", "while 3", "after"), seen,
                "history, then the live messages: each once, in order");
    }

    @Test
    void aMessageInAWelcomesHistoryIsNotSentAgainWhenItsDeliveryComesAfterTheWelcome() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        engine.holdDeliveries();
        engine.holdReads(true);
        FakeTransport bob = fx.join("lobby", "bob");
        fx.say(ann, "stored, delivered late");
        fx.settle(fx.member(ann).room());
        engine.release(); // bob's history is read now, and holds the message
        Map<String, Object> welcome = bob.next("welcome");
        assertEquals(1, list(welcome, "history").size());
        engine.releaseDeliveries();
        fx.say(ann, "next");
        assertEquals("stored, delivered late", ann.next("message").get("text"), "the sender still gets it");
        List<Object> texts = fx.framesSoFar(bob).stream()
                .filter(f -> "message".equals(f.get("type"))).map(f -> f.get("text")).toList();
        assertEquals(List.of("next"), texts, "bob had it in his welcome: not again");
    }

    @Test
    void aMessageTheEngineCannotStoreIsAnsweredUnavailableToItsSenderAndReachesNoOne() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.windowPasses(bob);
        fx.framesSoFar(ann);
        fx.framesSoFar(bob);
        engine.refuseAppends(true);
        fx.send(ann, "{\"type\":\"message\",\"text\":\"lost?\",\"cid\":\"c-1\"}");
        Map<String, Object> error = ann.next("error");
        assertEquals("unavailable", error.get("code"));
        assertEquals("c-1", error.get("cid"), "the error names the message it is about: " + error);
        assertEquals(List.of(), fx.framesSoFar(bob), "nothing reached bob");

        engine.refuseAppends(false);
        fx.send(ann, "{\"type\":\"message\",\"text\":\"lost?\",\"cid\":\"c-1\"}"); // the page sends it again
        assertEquals("c-1", ann.next("message").get("cid"));
        assertEquals("lost?", bob.next("message").get("text"));
        assertEquals(1, list(fx.join("lobby", "carl").next("welcome"), "history").size(), "stored once");
    }

    @Test
    void anUnavailableAnswerCarriesTheCidOfItsMessageAndNoneWhenItHadNone() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        engine.refuseAppends(true);
        fx.send(ann, "{\"type\":\"message\",\"text\":\"first\",\"cid\":\"c-7\"}");
        fx.send(ann, "{\"type\":\"message\",\"text\":\"second\"}");
        fx.send(ann, "{\"type\":\"message\",\"text\":\"third\",\"cid\":\"c-9\"}");
        List<Object> cids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> error = ann.next("error");
            assertEquals("unavailable", error.get("code"), "error: " + error);
            cids.add(error.containsKey("cid") ? error.get("cid") : "none");
        }
        assertEquals(List.of("c-7", "none", "c-9"), cids);
    }
}
