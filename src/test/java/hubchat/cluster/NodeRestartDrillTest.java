package hubchat.cluster;

import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Disconnect;
import hubchat.testing.ChatNode;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling restart of one of two nodes on one Redis, mid-conversation: senders on both nodes
 * post without pause, readers on both read; the node is sent SIGTERM (its shutdown hook stops the
 * hub, which drains). Its clients are closed with 1001 {@code restarting}, reconnect to the other
 * node with {@code since} (and a sender re-sends what it had not seen acknowledged, same cid).
 * Counted exactly: every acknowledged message reaches every member once and in the room's one
 * order, across the reconnect; no id names two messages; nothing acknowledged is lost.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class NodeRestartDrillTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Messages each sender posts; the node is stopped once a third of them are acknowledged. */
    private static final int PER_SENDER = 150;

    @RegisterExtension
    static final ChatCluster CLUSTER = ChatCluster.of(1, RedisServer.Options.DEFAULT);

    @Test
    void theClientsOfANodeSentSigtermResumeElsewhereAndEveryAcknowledgedMessageReachesEveryMemberOnceInOrder()
            throws Exception {
        String room = CLUSTER.freshRoom("rolling");
        ChatNode stays = CLUSTER.node(0);
        ChatNode restarts = CLUSTER.startNode("r");
        Member ann = new Member("ann", stays, room);
        Member amy = new Member("amy", stays, room);
        Member bob = new Member("bob", restarts, room);
        Member bea = new Member("bea", restarts, room);
        List<Member> members = List.of(ann, amy, bob, bea);
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // cid -> id

        CompletableFuture<Void> annSends = CompletableFuture.runAsync(() -> ann.sendAll(PER_SENDER, acknowledged));
        CompletableFuture<Void> bobSends = CompletableFuture.runAsync(() -> bob.sendAll(PER_SENDER, acknowledged));
        while (acknowledged.size() < PER_SENDER * 2 / 3) {
            Thread.sleep(10);
        }
        restarts.stop(); // SIGTERM; returns once the node has exited
        annSends.get(120, java.util.concurrent.TimeUnit.SECONDS);
        bobSends.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(2 * PER_SENDER, acknowledged.size(), "every message acknowledged");
        assertEquals(2 * PER_SENDER, new java.util.HashSet<>(acknowledged.values()).size(), "no id names two messages");

        String last = ann.sendOne("the end", "end", acknowledged);
        List<String> order = null;
        for (Member m : members) {
            m.readUntil(last);
            List<String> seen = m.seen;
            assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), m + " got no message twice");
            assertTrue(seen.containsAll(acknowledged.values()), m + " got every acknowledged message");
            if (order == null) {
                order = seen;
            }
            assertEquals(order, seen, m + " got them in the room's one order");
            m.close();
        }
        for (Member m : List.of(bob, bea)) {
            assertEquals(1, m.closes.size(), m + " was closed once: " + m.closes);
            assertClosedFor(Disconnect.RESTARTING, m.closes.get(0).code, m.closes.get(0).reason);
        }
        for (Member m : List.of(ann, amy)) {
            assertEquals(List.of(), m.closes, m + " on the node that stays was never closed");
        }
        System.out.printf("rolling restart drill: %d messages, %d re-sent after the reconnect, every member got all once in order%n",
                acknowledged.size(), bob.resent);
    }

    /** A close as a client saw it. */
    private record Close(int code, String reason) {
    }

    /**
     * One member: a client that, when the server closes it, reconnects to the node that stays
     * with the last id it saw as {@code since}; ids it sees are kept in order, each once per
     * connection (a welcome's history after a reconnect fills the gap).
     */
    private static final class Member {
        final String nick;
        final String room;
        final List<String> seen = new ArrayList<>();
        final List<Close> closes = new ArrayList<>();
        int resent;
        private JdkChatClient client;

        Member(String nick, ChatNode node, String room) throws Exception {
            this.nick = nick;
            this.room = room;
            this.client = JdkChatClient.connect(node.url(room, "nick=" + nick));
            take(client.awaitType("welcome", WAIT));
        }

        /** Posts {@code count} messages with cids of its own, each re-sent after a reconnect until acknowledged. */
        void sendAll(int count, Map<String, String> acknowledged) {
            try {
                for (int i = 1; i <= count; i++) {
                    sendOne(nick + " " + i, nick + "-" + i, acknowledged);
                }
            } catch (Exception e) {
                throw new IllegalStateException(nick, e);
            }
        }

        String sendOne(String text, String cid, Map<String, String> acknowledged) throws Exception {
            boolean again = false;
            while (true) {
                if (again) {
                    resent++;
                }
                client.send("{\"type\":\"message\",\"text\":" + JsonFrames.quote(text) + ",\"cid\":" + JsonFrames.quote(cid) + "}");
                String id = readUntilAcknowledged(cid);
                if (id != null) {
                    acknowledged.put(cid, id);
                    return id;
                }
                again = true; // closed before the acknowledgement: resume, then send the same cid again
            }
        }

        /** Reads until the copy with {@code cid} (its id), or null after reconnecting when the server closed first. */
        private String readUntilAcknowledged(String cid) throws Exception {
            while (true) {
                String raw = client.poll(Duration.ofMillis(100));
                if (raw != null) {
                    Map<String, Object> f = take(JsonFrames.parse(raw));
                    if ("message".equals(f.get("type")) && cid.equals(f.get("cid"))) {
                        return (String) f.get("id");
                    }
                } else if (client.closeCode() != null && client.pending().isEmpty()) {
                    reconnect();
                    return null;
                }
            }
        }

        /** Reads until the message {@code id} has been seen, reconnecting if the server closed. */
        void readUntil(String id) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!seen.contains(id)) {
                assertTrue(System.nanoTime() < deadline, nick + " did not see " + id);
                String raw = client.poll(Duration.ofMillis(100));
                if (raw != null) {
                    take(JsonFrames.parse(raw));
                } else if (client.closeCode() != null && client.pending().isEmpty()) {
                    reconnect();
                }
            }
        }

        private void reconnect() throws Exception {
            closes.add(new Close(client.closeCode(), client.closeReason()));
            client.close();
            String since = seen.isEmpty() ? "" : "&since=" + URLEncoder.encode(seen.get(seen.size() - 1), StandardCharsets.UTF_8);
            client = JdkChatClient.connect(CLUSTER.node(0).url(room, "nick=" + nick + "2" + since));
            take(client.awaitType("welcome", WAIT));
        }

        /**
         * Keeps the ids a frame brings: a message's, or a welcome's history (the gap since the last
         * seen). The copy answering a re-send names a message already seen in that history, as the
         * page sees it: the page keeps messages by id.
         */
        private Map<String, Object> take(Map<String, Object> f) {
            if ("message".equals(f.get("type")) && f.get("cid") != null && seen.contains((String) f.get("id"))) {
                return f; // a re-send answered with the message stored before: its acknowledgement, not a second message
            }
            if ("message".equals(f.get("type"))) {
                seen.add((String) f.get("id"));
            } else if ("welcome".equals(f.get("type"))) {
                seen.addAll(JsonFrames.historyIds(f));
            }
            return f;
        }

        void close() {
            client.close();
        }

        @Override
        public String toString() {
            return nick;
        }
    }
}
