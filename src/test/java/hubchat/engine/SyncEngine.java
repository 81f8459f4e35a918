package hubchat.engine;

import hubchat.protocol.ChatMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link Engine} seen by a test that waits for each answer (at most 5 s), with the failure
 * an engine completes a stage with thrown as itself. Appends come from an origin named after the
 * sender, without a cid, unless the test says otherwise.
 */
public final class SyncEngine {
    private final Engine engine;

    public SyncEngine(Engine engine) {
        this.engine = engine;
    }

    public Engine engine() {
        return engine;
    }

    public ChatMessage append(String room, String from, String text) {
        return append(room, from, "origin-" + from, text, null).stored().message();
    }

    /** An append from an anonymous sender. */
    public Appended append(String room, String sender, String origin, String text, String cid) {
        return append(room, sender, null, origin, text, cid);
    }

    public Appended append(String room, String sender, String senderId, String origin, String text, String cid) {
        return await(engine.append(room, sender, senderId, origin, text, cid));
    }

    public List<ChatMessage> latest(String room, int limit) {
        return await(engine.latest(room, limit)).messages();
    }

    public Optional<List<ChatMessage>> after(String room, String id) {
        return await(engine.after(room, id)).map(History::messages);
    }

    public List<ChatMessage> before(String room, String id, int limit) {
        return await(engine.before(room, id, limit)).messages();
    }

    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer from the engine within 5 s");
        }
    }
}
