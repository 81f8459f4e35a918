package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.testing.ChatNode;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sender that posts a burst of numbered messages ({@code NICK-1} ... {@code NICK-N} as cids,
 * the text telling the cid: {@link Acknowledgements#textOf}) as fast as its acknowledgements
 * allow, a window of them in flight, and that a server may die under: {@link #burst} sends until
 * all are acknowledged or the connection is gone; {@link #finish}, on a server started anew,
 * takes the nick back, re-sends every message sent but not acknowledged (same cid, in order) and
 * sends the rest. It records each acknowledgement (the sender's own copy, with the cid, and its
 * id) in the order it came, and what the re-sends were answered. One thread at a time uses it.
 */
final class BurstSender {

    /** Longest wait for the next own copy while messages are in flight on a live server. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(20);
    /** How often a sender looks whether its connection is gone while it waits for copies. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final String nick;
    private final int total;
    private final int window;
    /** Acknowledgements counted across every sender, for the test to time its fault by. */
    private final AtomicInteger acknowledgedEverywhere;
    private final Map<String, String> idByCid = new LinkedHashMap<>();
    private final LinkedHashSet<String> inFlight = new LinkedHashSet<>();
    private final Map<String, String> resendAnswers = new LinkedHashMap<>();
    private final List<String> inFlightAtLoss = new ArrayList<>();
    private int acknowledgedBeforeLoss;
    private int next = 1;

    BurstSender(String nick, int total, int window, AtomicInteger acknowledgedEverywhere) {
        this.nick = nick;
        this.total = total;
        this.window = window;
        this.acknowledgedEverywhere = acknowledgedEverywhere;
    }

    String nick() {
        return nick;
    }

    /** The cid of this sender's {@code i}-th message (from 1). */
    String cid(int i) {
        return nick + "-" + i;
    }

    /**
     * Joins {@code room} on {@code node} and sends until every message is acknowledged or the
     * connection is lost; what was in flight then is kept for {@link #finish}. Returns whether
     * the connection was lost.
     */
    boolean burst(ChatNode node, String room) throws Exception {
        try (JdkChatClient client = join(node, room)) {
            boolean lost = run(client, false);
            inFlightAtLoss.addAll(inFlight);
            acknowledgedBeforeLoss = idByCid.size();
            return lost;
        }
    }

    /** On a server started anew: re-sends what was in flight, in order, then sends the rest, until all are acknowledged. */
    void finish(ChatNode node, String room) throws Exception {
        try (JdkChatClient client = join(node, room)) {
            List<String> again = new ArrayList<>(inFlight);
            inFlight.clear();
            for (String cid : again) { // the window's first fill, in order, so the answers follow the same order
                send(client, cid);
            }
            if (run(client, true)) {
                throw new AssertionError(nick + ": connection lost on the restarted server, code " + client.closeCode());
            }
        }
    }

    /** Every acknowledged message's id by its cid, in the order acknowledged. */
    Map<String, String> idByCid() {
        return idByCid;
    }

    /** The cids sent but not acknowledged when the connection was lost, in order. */
    List<String> inFlightAtLoss() {
        return inFlightAtLoss;
    }

    int acknowledgedBeforeLoss() {
        return acknowledgedBeforeLoss;
    }

    /** The id each re-sent message (one in flight at the loss) was answered with. */
    Map<String, String> resendAnswers() {
        return resendAnswers;
    }

    private JdkChatClient join(ChatNode node, String room) throws Exception {
        JdkChatClient client = JdkChatClient.connect(node.url(room, "nick=" + Chatter.encode(nick)));
        Map<String, Object> welcome = client.awaitType("welcome", Chatter.WAIT);
        assertEquals(nick, welcome.get("you"), "the sender must have its nick, which keys its cids");
        return client;
    }

    /**
     * Keeps the window full and takes copies until all are acknowledged (false) or the
     * connection is gone (true). Each message must be acknowledged once; the order they are
     * stored in is the history's to show.
     */
    private boolean run(JdkChatClient client, boolean resending) throws InterruptedException {
        long lastAnswer = System.nanoTime();
        while (next <= total || !inFlight.isEmpty()) {
            while (inFlight.size() < window && next <= total) {
                if (!send(client, cid(next++))) {
                    return true;
                }
            }
            String raw = client.poll(POLL);
            if (raw == null) {
                if (client.closeCode() != null) {
                    return true;
                }
                if (System.nanoTime() - lastAnswer > ANSWER_WAIT.toNanos()) {
                    throw new AssertionError(nick + ": nothing acknowledged within " + ANSWER_WAIT + ", in flight " + inFlight);
                }
                continue;
            }
            Map<String, Object> frame = JsonFrames.parse(raw);
            String type = JsonFrames.type(frame);
            if ("error".equals(type)) {
                throw new AssertionError(nick + ": refused " + frame);
            }
            Object cid = frame.get("cid");
            if (!"message".equals(type) || cid == null) {
                continue; // others' messages, presence: not this sender's business
            }
            if (!inFlight.remove(cid)) {
                throw new AssertionError(nick + ": a copy of " + cid + ", which is not in flight (acknowledged before: "
                        + idByCid.containsKey(cid) + ")");
            }
            String id = (String) frame.get("id");
            idByCid.put((String) cid, id);
            if (resending && inFlightAtLoss.contains(cid)) {
                resendAnswers.put((String) cid, id);
            }
            acknowledgedEverywhere.incrementAndGet();
            lastAnswer = System.nanoTime();
        }
        return false;
    }

    /** Sends {@code cid}'s message; it counts as in flight even if the send fails (it may have left). False if it failed. */
    private boolean send(JdkChatClient client, String cid) {
        inFlight.add(cid);
        try {
            client.send("{\"type\":\"message\",\"text\":" + JsonFrames.quote(Acknowledgements.textOf(cid))
                    + ",\"cid\":" + JsonFrames.quote(cid) + "}");
            return true;
        } catch (RuntimeException lost) {
            return false;
        }
    }
}
