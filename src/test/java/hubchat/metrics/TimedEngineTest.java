package hubchat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Appended;
import hubchat.engine.Engine;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.History;
import hubchat.engine.MemoryEngine;
import hubchat.metrics.EngineCalls.Operation;
import hubchat.testing.PrometheusText;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Every asynchronous engine call is observed once by its operation, and failures (answered or thrown) counted. */
class TimedEngineTest {
    private final ChatMetrics metrics = new ChatMetrics().engine("memory");

    @Test
    void everyMethodOfTheEngineIsTheWrappedEnginesIncludingThoseWithADefault() {
        // A default method left out would answer for the wrapper, not the engine: a Redis node
        // named its engine "memory" in /health/ready that way.
        List<String> notOverridden = new ArrayList<>();
        for (Method m : Engine.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                if (TimedEngine.class.getDeclaredMethod(m.getName(), m.getParameterTypes()) == null) {
                    notOverridden.add(m.getName());
                }
            } catch (NoSuchMethodException e) {
                notOverridden.add(m.getName());
            }
        }
        assertEquals(List.of(), notOverridden, "Engine methods TimedEngine does not hand to the engine it wraps");
    }

    @Test
    void eachCallIsObservedOnceUnderItsOperationAndTheAnswerIsTheEnginesOwn() {
        Engine timed = new TimedEngine(new MemoryEngine(100, 1 << 20, 60_000, () -> 1_000L), metrics);
        timed.open("lobby", stored -> { });
        timed.append("lobby", "ann", null, "o", "hi", null).toCompletableFuture().join();
        timed.append("lobby", "ann", null, "o", "again", null).toCompletableFuture().join();
        History latest = timed.latest("lobby", 10).toCompletableFuture().join();
        timed.before("lobby", latest.messages().get(1).id(), 10).toCompletableFuture().join();
        timed.after("lobby", latest.messages().get(0).id()).toCompletableFuture().join();

        PrometheusText scrape = PrometheusText.scrape(metrics.registry());
        assertEquals(2, scrape.count("hubchat_engine_seconds_count{operation=\"append\"}"));
        assertEquals(1, scrape.count("hubchat_engine_seconds_count{operation=\"latest\"}"));
        assertEquals(1, scrape.count("hubchat_engine_seconds_count{operation=\"before\"}"));
        assertEquals(1, scrape.count("hubchat_engine_seconds_count{operation=\"after\"}"));
        assertEquals(0, scrape.count("hubchat_engine_failures_total{operation=\"append\"}"));
        assertEquals(1, scrape.count("hubchat_engine_info{engine=\"memory\"}"));
        assertEquals("histogram", scrape.type("hubchat_engine_seconds"));
    }

    @Test
    void aFailedAnswerAndAThrownCallCountAsFailuresOfTheirOperation() {
        CompletableFuture<Appended> failed = CompletableFuture.failedFuture(new EngineUnavailableException("down", null));
        Engine broken = new Broken(failed);
        Engine timed = new TimedEngine(broken, metrics);
        assertSame(failed, timed.append("lobby", "ann", null, "o", "hi", null), "the engine's own stage");
        assertThrows(IllegalStateException.class, () -> timed.latest("lobby", 5));
        assertEquals(1, metrics.engineCalls().failures(Operation.APPEND));
        assertEquals(1, metrics.engineCalls().failures(Operation.LATEST));
        assertEquals(0, metrics.engineCalls().failures(Operation.BEFORE));
        assertTrue(PrometheusText.scrape(metrics.registry()).has("hubchat_engine_failures_total{operation=\"after\"}"),
                "every operation is reported from the start");
    }

    /** Fails every append with the given answer and throws on every read. */
    private record Broken(CompletableFuture<Appended> answer) implements Engine {
        @Override
        public void open(String room, Feed feed) {
        }

        @Override
        public void close(String room) {
        }

        @Override
        public CompletionStage<Appended> append(String room, String sender, String senderId, String origin, String text,
                String cid) {
            return answer;
        }

        @Override
        public CompletionStage<History> latest(String room, int limit) {
            throw new IllegalStateException("broken");
        }

        @Override
        public CompletionStage<Optional<History>> after(String room, String id) {
            throw new IllegalStateException("broken");
        }

        @Override
        public CompletionStage<History> before(String room, String id, int limit) {
            throw new IllegalStateException("broken");
        }
    }
}
