package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Engine;
import hubchat.engine.Stored;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A room's feed on one node, as a test sees it: every delivery, in order, and whatever broke
 * the engine's promises while it was fed: two deliveries at once, a seq that is not the next of
 * its epoch, an epoch that comes back after another took over.
 */
final class FeedRecorder implements Engine.Feed {
    private final AtomicBoolean delivering = new AtomicBoolean();
    private final List<Stored> fed = new CopyOnWriteArrayList<>();
    private final List<String> broken = new CopyOnWriteArrayList<>();
    private final Set<String> leftEpochs = new HashSet<>();

    @Override
    public void deliver(Stored s) {
        if (!delivering.compareAndSet(false, true)) {
            broken.add("two deliveries at once: " + s.message().id());
            return;
        }
        try {
            Stored last = fed.isEmpty() ? null : fed.get(fed.size() - 1);
            if (last != null && last.epoch().equals(s.epoch()) && s.seq() != last.seq() + 1) {
                broken.add("after " + last.message().id() + " came " + s.message().id());
            }
            if (last != null && !last.epoch().equals(s.epoch()) && !leftEpochs.add(last.epoch())) {
                broken.add("epoch " + last.epoch() + " left twice");
            }
            if (leftEpochs.contains(s.epoch())) {
                broken.add("epoch " + s.epoch() + " came back with " + s.message().id());
            }
            fed.add(s);
        } finally {
            delivering.set(false);
        }
    }

    List<Stored> fed() {
        return new ArrayList<>(fed);
    }

    List<String> texts() {
        return fed.stream().map(s -> s.message().text()).toList();
    }

    List<String> ids() {
        return fed.stream().map(s -> s.message().id()).toList();
    }

    /** Waits (at most {@code seconds}) until every one of {@code texts} was delivered. */
    void awaitTexts(Collection<String> texts, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!new HashSet<>(texts()).containsAll(texts) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Set<String> missing = new HashSet<>(texts);
        missing.removeAll(texts());
        assertTrue(missing.isEmpty(), "not delivered within " + seconds + " s: " + missing.size() + " " + sample(missing));
    }

    /** Waits (at most 5 s) until {@code n} were delivered. */
    void awaitSize(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fed.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, fed.size(), "delivered within 5 s: " + texts());
    }

    /** The engine kept its promises to this feed: one delivery at a time, dense and in order within each epoch, no text twice. */
    void assertKeptPromises() {
        assertEquals(List.of(), broken);
        assertEquals(fed.size(), new HashSet<>(texts()).size(), "no message delivered twice");
        assertEquals(fed.size(), new HashSet<>(ids()).size(), "no id delivered twice");
    }

    private static String sample(Set<String> s) {
        return s.stream().sorted().limit(10).toList().toString();
    }
}
