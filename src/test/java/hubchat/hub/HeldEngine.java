package hubchat.hub;

import hubchat.engine.Appended;
import hubchat.engine.Engine;
import hubchat.engine.EngineUnavailableException;
import hubchat.engine.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A real engine whose answers a test can hold back or refuse, as a remote engine's may be late
 * or fail: reads held by {@link #holdReads} are answered only on {@link #release}, computed
 * then or when asked; deliveries held by {@link #holdDeliveries} are made on
 * {@link #releaseDeliveries}; appends refused by {@link #refuseAppends} fail as unavailable.
 */
final class HeldEngine implements Engine {
    private final Engine engine;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private boolean readAtRelease;
    private volatile boolean refusing;
    private volatile boolean unreachable;
    private final List<Runnable> heldDeliveries = new ArrayList<>();
    private boolean holdingDeliveries;

    HeldEngine(Engine engine) {
        this.engine = engine;
    }

    /** Holds every read answer from now on; {@code readAtRelease}: the read itself happens only then. */
    synchronized void holdReads(boolean readAtRelease) {
        this.holding = true;
        this.readAtRelease = readAtRelease;
    }

    /** Answers every held read, and holds no more. */
    void release() {
        List<Runnable> answers;
        synchronized (this) {
            holding = false;
            answers = new ArrayList<>(held);
            held.clear();
        }
        answers.forEach(Runnable::run);
    }

    /** Holds every delivery from now on, in order, as a remote engine's may come after a read that includes it. */
    synchronized void holdDeliveries() {
        holdingDeliveries = true;
    }

    /** Makes every held delivery, in order, and holds no more. */
    void releaseDeliveries() {
        List<Runnable> deliveries;
        synchronized (this) {
            holdingDeliveries = false;
            deliveries = new ArrayList<>(heldDeliveries);
            heldDeliveries.clear();
        }
        deliveries.forEach(Runnable::run);
    }

    void refuseAppends(boolean refusing) {
        this.refusing = refusing;
    }

    /** Whether the engine reports itself reachable ({@link #isAvailable}), as a shared store's connection comes and goes. */
    void reachable(boolean reachable) {
        this.unreachable = !reachable;
    }

    @Override
    public boolean isAvailable() {
        return !unreachable && engine.isAvailable();
    }

    @Override
    public String kind() {
        return "held";
    }

    @Override
    public void open(String room, Feed feed) {
        engine.open(room, stored -> {
            synchronized (this) {
                if (holdingDeliveries) {
                    heldDeliveries.add(() -> feed.deliver(stored));
                    return;
                }
            }
            feed.deliver(stored);
        });
    }

    @Override
    public void close(String room) {
        engine.close(room);
    }

    @Override
    public CompletionStage<Appended> append(String room, String sender, String senderId, String origin, String text,
            String cid) {
        if (refusing) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("refused by the test", null));
        }
        return engine.append(room, sender, senderId, origin, text, cid);
    }

    @Override
    public CompletionStage<History> latest(String room, int limit) {
        return read(() -> engine.latest(room, limit));
    }

    @Override
    public CompletionStage<Optional<History>> after(String room, String id) {
        return read(() -> engine.after(room, id));
    }

    @Override
    public CompletionStage<History> before(String room, String id, int limit) {
        return read(() -> engine.before(room, id, limit));
    }

    private synchronized <T> CompletionStage<T> read(Supplier<CompletionStage<T>> read) {
        if (!holding) {
            return read.get();
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        CompletionStage<T> early = readAtRelease ? null : read.get();
        held.add(() -> (early != null ? early : read.get()).whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(v);
            }
        }));
        return answer;
    }
}
