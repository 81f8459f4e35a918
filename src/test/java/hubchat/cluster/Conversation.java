package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.ChatNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The conversation of the ordering tests and the fault drills: senders on every node post
 * numbered messages side by side, each waiting for its acknowledgement before the next and
 * re-sending what is refused as {@code unavailable} (see {@link Acknowledgements}). Listeners
 * only listen. Then {@link #assertEveryAcknowledgedMessageArrivedOnceInOrder} counts what every
 * one of them got.
 *
 * <p>What may legitimately repeat: a re-send of a message that was stored after all is answered
 * with the original (same id, with its cid) once more, to its sender only. So a sender may see
 * its own re-sent message twice; nobody else may see anything twice. {@link #dataLossAllowed}
 * is for drills in which Redis loses writes: a message stored, delivered and then lost before its
 * sender heard of it is stored again when re-sent, under a new id (the cid memory was lost with
 * it), so an extra copy of a re-sent message is allowed there, never a repeated id.
 */
final class Conversation implements AutoCloseable {

    private final List<Chatter> senders;
    private final List<Chatter> listeners;
    private final boolean dataLossAllowed;
    private final Acknowledgements acks = new Acknowledgements();
    private int phases;

    private Conversation(List<Chatter> senders, List<Chatter> listeners, boolean dataLossAllowed) {
        this.senders = senders;
        this.listeners = listeners;
        this.dataLossAllowed = dataLossAllowed;
    }

    /**
     * Joins {@code room} on every node with {@code sendersPerNode} senders (nicks a1, a2, ...)
     * and one listener (a-ear, ...); {@code dataLossAllowed}: see the class comment.
     */
    static Conversation onEveryNode(List<ChatNode> nodes, String room, int sendersPerNode, boolean dataLossAllowed)
            throws Exception {
        List<Chatter> senders = new ArrayList<>();
        List<Chatter> listeners = new ArrayList<>();
        for (ChatNode node : nodes) {
            for (int i = 1; i <= sendersPerNode; i++) {
                senders.add(Chatter.join(node, room, node.name() + i));
            }
            listeners.add(Chatter.join(node, room, node.name() + "-ear"));
        }
        return new Conversation(senders, listeners, dataLossAllowed);
    }

    /** The listeners, in node order. */
    List<Chatter> listeners() {
        return listeners;
    }

    /**
     * Every sender posts {@code perSender} messages, pausing {@code pace} between them, while
     * {@code meanwhile} (a fault and its repair) runs on this thread; returns when all are
     * acknowledged and {@code meanwhile} is done.
     */
    void phase(int perSender, Duration pace, Runnable meanwhile) {
        int phase = ++phases;
        // A thread per sender: they must really send side by side (the common pool may have one thread).
        ExecutorService threads = Executors.newFixedThreadPool(senders.size());
        try {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (Chatter sender : senders) {
                running.add(CompletableFuture.runAsync(() -> {
                    for (int i = 1; i <= perSender; i++) {
                        acks.postUntilAcknowledged(sender, sender.you() + "-p" + phase + "-" + i);
                        pause(pace.toMillis());
                    }
                }, threads));
            }
            meanwhile.run();
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                    .orTimeout(perSender * (Acknowledgements.ACK_WAIT.toSeconds() + 1), TimeUnit.SECONDS).join();
        } finally {
            threads.shutdownNow();
        }
    }

    /** Phase {@code n} without a fault. */
    void phase(int perSender, Duration pace) {
        phase(perSender, pace, () -> { });
    }

    int acknowledgedCount() {
        return acks.count();
    }

    /** Every acknowledged message's cid by its id (see {@link Acknowledgements#cidById}). */
    Map<String, String> acknowledgedCidById() {
        return acks.cidById();
    }

    /** How many messages were sent again after an {@code unavailable}. */
    int resentCount() {
        return acks.resentCount();
    }

    /** The id of the last message acknowledged to the first sender. */
    String lastAcknowledged() {
        List<String> ids = acks.of(senders.get(0));
        return ids.get(ids.size() - 1);
    }

    /** How many times a message was answered {@code unavailable}. */
    int unavailableCount() {
        return acks.unavailableCount();
    }

    /**
     * Every acknowledged message arrived exactly once at every sender and listener (which all
     * stayed connected), all in one order, each sender's in the order it was acknowledged; no
     * id names two messages; nothing else arrived (but what the class comment allows).
     */
    void assertEveryAcknowledgedMessageArrivedOnceInOrder(Duration wait) throws InterruptedException {
        Map<String, String> cidOfId = acks.cidById();
        List<Chatter> everyone = new ArrayList<>(senders);
        everyone.addAll(listeners);
        for (Chatter c : everyone) {
            for (String id : cidOfId.keySet()) {
                c.awaitMessage(id, wait);
            }
        }
        for (Chatter c : everyone) {
            c.settle(Duration.ofMillis(300)); // a repeat still on its way arrives now
            assertTrue(c.isOpen(), c + " was disconnected");
        }

        List<Map<String, Object>> reference = listeners.get(0).messages();
        List<String> order = Chatter.ids(reference);
        Map<String, String> textOfId = new LinkedHashMap<>();
        for (Map<String, Object> m : reference) {
            String earlier = textOfId.put((String) m.get("id"), (String) m.get("text"));
            assertTrue(earlier == null, listeners.get(0) + " got message " + m.get("id") + " twice");
        }
        for (String id : order) {
            if (!cidOfId.containsKey(id)) {
                String text = textOfId.get(id);
                assertTrue(dataLossAllowed && resentText(text),
                        "message " + id + " (" + text + ") arrived but was never acknowledged");
            }
        }
        for (Chatter listener : listeners) {
            assertEquals(order, listener.messageIds(), listener + " saw another sequence than " + listeners.get(0));
        }
        for (Chatter sender : senders) {
            assertEquals(withoutRepeatsOf(order, ownRepeats(sender)), withoutRepeatsOf(sender.messageIds(), ownRepeats(sender)),
                    sender + " saw another sequence than " + listeners.get(0));
            List<String> own = new ArrayList<>(order);
            own.retainAll(acks.of(sender));
            assertEquals(acks.of(sender), own, sender + "'s messages arrived in another order than acknowledged");
        }
        System.out.printf("conversation: %d messages acknowledged, %d in the sequence, %d answered unavailable, %d re-sent%n",
                acks.count(), order.size(), acks.unavailableCount(), acks.resentCount());
    }

    /** The ids {@code sender} saw more than once, each of which must be one of its own re-sent messages. */
    private Set<String> ownRepeats(Chatter sender) {
        Map<String, Integer> counts = new HashMap<>();
        sender.messageIds().forEach(id -> counts.merge(id, 1, Integer::sum));
        Set<String> repeated = new HashSet<>();
        for (Map<String, Object> m : sender.messages()) {
            String id = (String) m.get("id");
            if (counts.get(id) > 1 && repeated.add(id)) {
                Object cid = m.get("cid");
                assertTrue(cid != null && acks.wasResent((String) cid),
                        sender + " got message " + id + " " + counts.get(id) + " times, and never re-sent it");
            }
        }
        return repeated;
    }

    /** Whether {@code text} is that of a message re-sent at least once. */
    private boolean resentText(String text) {
        String prefix = Acknowledgements.textOf("");
        return text.startsWith(prefix) && acks.wasResent(text.substring(prefix.length()));
    }

    /**
     * {@code ids} without any of {@code repeated}: where a sender's re-sent message stands in its
     * sequence depends on whether the answer to its re-send or the delivery came first, so only
     * the rest is compared.
     */
    private static List<String> withoutRepeatsOf(List<String> ids, Collection<String> repeated) {
        List<String> out = new ArrayList<>(ids);
        out.removeAll(repeated);
        return out;
    }

    /** Closes every sender's and listener's connection. */
    @Override
    public void close() {
        senders.forEach(Chatter::close);
        listeners.forEach(Chatter::close);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
