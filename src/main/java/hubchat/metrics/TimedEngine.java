package hubchat.metrics;

import hubchat.engine.Appended;
import hubchat.engine.Engine;
import hubchat.engine.History;
import hubchat.metrics.EngineCalls.Operation;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An {@link Engine} that times every asynchronous call of the one it wraps, from the call to its
 * answer, and counts the failures (a call that throws counts as failed too, and throws on).
 * Opening and closing a room, and the engine's own questions, pass straight through. The
 * wiring puts it around whichever engine it chose; the hub never knows.
 */
public final class TimedEngine implements Engine {
    private final Engine engine;
    private final EngineCalls calls;

    public TimedEngine(Engine engine, ChatMetrics metrics) {
        this.engine = engine;
        this.calls = metrics.engineCalls();
    }

    @Override
    public void open(String room, Feed feed) {
        engine.open(room, feed);
    }

    @Override
    public void close(String room) {
        engine.close(room);
    }

    @Override
    public CompletionStage<Appended> append(String room, String sender, String senderId, String origin, String text,
            String cid) {
        long start = System.nanoTime();
        try {
            return timed(Operation.APPEND, start, engine.append(room, sender, senderId, origin, text, cid));
        } catch (RuntimeException e) {
            calls.answered(Operation.APPEND, System.nanoTime() - start, true);
            throw e;
        }
    }

    @Override
    public CompletionStage<History> latest(String room, int limit) {
        long start = System.nanoTime();
        try {
            return timed(Operation.LATEST, start, engine.latest(room, limit));
        } catch (RuntimeException e) {
            calls.answered(Operation.LATEST, System.nanoTime() - start, true);
            throw e;
        }
    }

    @Override
    public CompletionStage<Optional<History>> after(String room, String id) {
        long start = System.nanoTime();
        try {
            return timed(Operation.AFTER, start, engine.after(room, id));
        } catch (RuntimeException e) {
            calls.answered(Operation.AFTER, System.nanoTime() - start, true);
            throw e;
        }
    }

    @Override
    public CompletionStage<History> before(String room, String id, int limit) {
        long start = System.nanoTime();
        try {
            return timed(Operation.BEFORE, start, engine.before(room, id, limit));
        } catch (RuntimeException e) {
            calls.answered(Operation.BEFORE, System.nanoTime() - start, true);
            throw e;
        }
    }

    @Override
    public boolean isAvailable() {
        return engine.isAvailable();
    }

    @Override
    public boolean deliversAtOnce() {
        return engine.deliversAtOnce();
    }

    @Override
    public String kind() {
        return engine.kind();
    }

    /**
     * The same answer, observed as it comes (at once if it is already there, as the memory
     * engine's is). The stage handed back is the engine's own, so callers see exactly what they
     * would without the timing.
     */
    private <T> CompletionStage<T> timed(Operation op, long start, CompletionStage<T> answer) {
        answer.whenComplete((value, error) -> calls.answered(op, System.nanoTime() - start, error != null));
        return answer;
    }
}
