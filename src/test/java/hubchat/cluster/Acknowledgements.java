package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.testing.JsonFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the senders of a {@link Conversation} post, as clients are told to, and what they were
 * answered: a message is sent with a cid and acknowledged by the sender's own copy (the one
 * carrying that cid); one answered {@code unavailable} is sent again, same text and cid, until
 * it is acknowledged. Records each acknowledged message's id, each sender's acknowledgements in
 * order, the cids sent more than once and the refusals. Every sender's thread records here.
 */
final class Acknowledgements {

    /** Longest a sent message may go unanswered (neither copy nor error): well past Redis' 2 s timeout. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(20);
    /** Longest a message may take to be acknowledged, re-sends included. */
    static final Duration ACK_WAIT = Duration.ofSeconds(60);
    /** Before a re-send: the copy of a message stored after all may still come meanwhile. */
    private static final Duration RESEND_PAUSE = Duration.ofMillis(100);

    private final Map<String, String> idByCid = new ConcurrentHashMap<>();
    private final Map<Chatter, List<String>> bySender = new ConcurrentHashMap<>();
    private final Set<String> resent = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unavailable = new AtomicInteger();

    /** The text a conversation's message with {@code cid} has, so that a copy tells its cid. */
    static String textOf(String cid) {
        return "text of " + cid;
    }

    /** Posts the message with {@code cid} as {@code sender}, re-sending it until acknowledged. */
    void postUntilAcknowledged(Chatter sender, String cid) {
        long deadline = System.nanoTime() + ACK_WAIT.toNanos();
        try {
            sender.send(textOf(cid), cid);
            while (true) {
                Map<String, Object> answer = sender.answer(cid, ANSWER_WAIT);
                if (answer == null) {
                    throw new AssertionError(sender + ": message " + cid + " neither acknowledged nor refused within " + ANSWER_WAIT);
                }
                if ("message".equals(JsonFrames.type(answer))) {
                    acknowledged(sender, cid, answer);
                    return;
                }
                if (!"unavailable".equals(answer.get("code"))) {
                    throw new AssertionError(sender + ": message " + cid + " refused: " + answer);
                }
                unavailable.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(sender + ": message " + cid + " still unavailable after " + ACK_WAIT);
                }
                Map<String, Object> late = sender.answer(cid, RESEND_PAUSE);
                if (late != null && "message".equals(JsonFrames.type(late))) {
                    acknowledged(sender, cid, late);
                    return;
                }
                resent.add(cid);
                sender.send(textOf(cid), cid);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void acknowledged(Chatter sender, String cid, Map<String, Object> copy) {
        String id = (String) copy.get("id");
        idByCid.put(cid, id);
        bySender.computeIfAbsent(sender, s -> new ArrayList<>()).add(id);
    }

    /** Every acknowledged message's id and its cid; fails if one id was acknowledged for two messages. */
    Map<String, String> cidById() {
        Map<String, String> cidById = new HashMap<>();
        idByCid.forEach((cid, id) -> {
            String other = cidById.put(id, cid);
            assertTrue(other == null, "one id for two messages: " + id + " acknowledged for " + cid + " and " + other);
        });
        return cidById;
    }

    /** {@code sender}'s acknowledged ids, in the order it got them. */
    List<String> of(Chatter sender) {
        return bySender.getOrDefault(sender, List.of());
    }

    boolean wasResent(String cid) {
        return resent.contains(cid);
    }

    int count() {
        return idByCid.size();
    }

    int resentCount() {
        return resent.size();
    }

    int unavailableCount() {
        return unavailable.get();
    }
}
