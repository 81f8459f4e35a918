package hubchat.endpoint;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Asynchronous sends run one after another, each started when the previous one completed, and
 * then {@code done}. Of a send's two events, its completion and the return of the call that
 * started it, whichever comes second starts the next send: completions that come at once keep
 * the chain in a loop, later ones carry it on their own thread, and neither recurses, however
 * many frames a write holds.
 */
abstract class SendChain implements SendHandler {
    private final Consumer<Throwable> done;
    private final AtomicInteger events = new AtomicInteger();
    private int next;

    SendChain(Consumer<Throwable> done) {
        this.done = done;
    }

    /**
     * Starts send number {@code step} with {@code handler} as its completion, or returns false
     * if there is no such step (the chain is then done).
     */
    abstract boolean start(int step, SendHandler handler) throws Exception;

    /** Runs the chain from its next step. */
    final void run() {
        try {
            while (true) {
                events.set(0);
                if (!start(next++, this)) {
                    done.accept(null);
                    return;
                }
                if (events.incrementAndGet() == 1) {
                    return; // still pending: its completion carries on
                }
            }
        } catch (Exception e) {
            done.accept(e); // e.g. the session is already closed
        }
    }

    @Override
    public final void onResult(SendResult result) {
        if (!result.isOK()) {
            done.accept(result.getException());
        } else if (events.incrementAndGet() == 2) {
            run();
        }
    }
}
