package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.Appended;
import hubchat.engine.EngineUnavailableException;
import hubchat.protocol.ChatMessage;
import hubchat.testing.RedisServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two nodes (each a {@link RedisEngine} on connections of its own) talking in one room while a
 * test breaks things: each node's user sends numbered messages, one after the other, every
 * outcome recorded (acknowledged, or failed and how fast), and each node's feed recorded.
 */
final class Conversation implements AutoCloseable {
    static final String ROOM = "talk";

    /** One node: its connections, its engine, its feed of the room. */
    static final class Node {
        final String name;
        final RedisConnections connections;
        final RedisEngine engine;
        final FeedRecorder fed = new FeedRecorder();

        Node(String name, RedisServer redis, RedisConnections.Limits limits) {
            this.name = name;
            connections = RedisConnections.open(URI.create(redis.url(0)), limits);
            engine = new RedisEngine(connections, 10_000, Long.MAX_VALUE, 600_000);
            engine.open(ROOM, fed);
            try {
                // As a room does: read its welcome after the open. Its answer comes after the
                // feed's start, so what the other node sends from now on is this node's to feed.
                engine.latest(ROOM, 1).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("welcome read failed", e);
            }
        }
    }

    /** A failed append: its text, how long it took to fail, why. */
    record Failure(String text, long millis, Throwable cause) {
    }

    /** One user on one node sending messages "NICK-0", "NICK-1"... with the text as cid. */
    final class User {
        final String nick;
        final Node node;
        final List<String> acked = new CopyOnWriteArrayList<>();
        final List<ChatMessage> ackedMessages = new CopyOnWriteArrayList<>();
        final List<Failure> failed = new CopyOnWriteArrayList<>();
        private int next;

        User(String nick, Node node) {
            this.nick = nick;
            this.node = node;
        }

        /** Sends the next message through its node, waiting for the answer (at most 10 s). */
        void sendNext() throws InterruptedException {
            String text = nick + "-" + next++;
            attempted.add(text);
            send(node, text);
        }

        /** Sends {@code text} (again) with its cid, through {@code via}; returns the answer, or null if it failed. */
        Appended send(Node via, String text) throws InterruptedException {
            long start = System.nanoTime();
            try {
                Appended a = via.engine.append(ROOM, nick, null, nick + "@" + via.name, text, text).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                if (!a.earlier()) {
                    acked.add(text);
                    ackedMessages.add(a.stored().message());
                }
                return a;
            } catch (ExecutionException e) {
                failed.add(new Failure(text, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e.getCause()));
                return null;
            } catch (TimeoutException e) {
                throw new AssertionError("no answer within 10 s to " + text);
            }
        }
    }

    final Node a;
    final Node b;
    final User ann;
    final User bob;
    private final List<String> attempted = new CopyOnWriteArrayList<>();
    private final AtomicBoolean talking = new AtomicBoolean();
    private final List<CompletableFuture<Void>> talk = new ArrayList<>();

    Conversation(RedisServer redis, RedisConnections.Limits limits) {
        a = new Node("node-a", redis, limits);
        b = new Node("node-b", redis, limits);
        ann = new User("ann", a);
        bob = new User("bob", b);
    }

    /** Both users send, {@code pauseMillis} apart, until {@link #stop}. */
    void start(long pauseMillis) {
        talking.set(true);
        for (User u : List.of(ann, bob)) {
            talk.add(CompletableFuture.runAsync(() -> {
                try {
                    while (talking.get()) {
                        u.sendNext();
                        Thread.sleep(pauseMillis);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
    }

    /** Waits (at most 20 s) until each user has {@code more} acknowledged messages beyond {@code from} (by nick). */
    void awaitAcked(int annFrom, int bobFrom, int more) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ann.acked.size() < annFrom + more || bob.acked.size() < bobFrom + more) {
            assertTrue(System.nanoTime() < deadline, "acknowledged within 20 s: " + ann.acked.size() + ", " + bob.acked.size());
            Thread.sleep(10);
        }
    }

    void stop() throws Exception {
        talking.set(false);
        for (CompletableFuture<Void> t : talk) {
            t.get(30, TimeUnit.SECONDS);
        }
    }

    /** Every message attempted so far, in the order tried. */
    List<String> attempted() {
        return new ArrayList<>(attempted);
    }

    List<Failure> failures() {
        List<Failure> all = new ArrayList<>(ann.failed);
        all.addAll(bob.failed);
        return all;
    }

    Set<String> acked() {
        Set<String> all = new HashSet<>(ann.acked);
        all.addAll(bob.acked);
        return all;
    }

    /** Every failure was "unavailable", none took {@code maxMillis} or more; returns the slowest. */
    long assertFailedFast(long maxMillis) {
        long slowest = 0;
        for (Failure f : failures()) {
            assertInstanceOf(EngineUnavailableException.class, f.cause(), f.text());
            assertTrue(f.millis() < maxMillis, f.text() + " failed after " + f.millis() + " ms: " + f.cause());
            slowest = Math.max(slowest, f.millis());
        }
        return slowest;
    }

    /** Milliseconds the failures took, sorted. */
    List<Long> failureMillis() {
        List<Long> ms = new ArrayList<>(failures().stream().map(Failure::millis).toList());
        Collections.sort(ms);
        return ms;
    }

    /**
     * Each user sends one last message and each feed gets it: before it, each feed was handed
     * everything stored before it (a gap is filled before going on).
     */
    void finish() throws Exception {
        for (User u : List.of(ann, bob)) {
            assertTrue(u.send(u.node, u.nick + "-end") != null, "the last message is stored");
        }
        for (Node n : List.of(a, b)) {
            n.fed.awaitTexts(List.of("ann-end", "bob-end"), 15);
        }
    }

    /** The texts Redis holds for the room, oldest first. */
    List<String> stored() throws Exception {
        return a.engine.latest(ROOM, 10_000).toCompletableFuture().get(10, TimeUnit.SECONDS).messages().stream()
                .map(ChatMessage::text).toList();
    }

    /**
     * What every drill checks: each feed kept its promises and got every acknowledged message;
     * nothing was delivered that was not sent; no acknowledged id was given twice.
     */
    void assertEveryAcknowledgedMessageFedOnceInOrder() {
        Set<String> acked = acked();
        Set<String> sent = new HashSet<>(attempted);
        sent.addAll(List.of("ann-end", "bob-end"));
        for (Node n : List.of(a, b)) {
            n.fed.assertKeptPromises();
            Set<String> unfed = new HashSet<>(acked);
            unfed.removeAll(n.fed.texts());
            assertEquals(Set.of(), unfed, n.name + " was fed every acknowledged message");
            Set<String> unsent = new HashSet<>(n.fed.texts());
            unsent.removeAll(sent);
            assertEquals(Set.of(), unsent, n.name + " was fed nothing that was not sent");
        }
        List<String> ids = new ArrayList<>();
        ann.ackedMessages.forEach(m -> ids.add(m.id()));
        bob.ackedMessages.forEach(m -> ids.add(m.id()));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no id given twice");
    }

    @Override
    public void close() {
        talking.set(false);
        a.connections.close();
        b.connections.close();
    }
}
