package hubchat.cluster;

import static hubchat.cluster.Chatter.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.testing.ChatNode;
import hubchat.testing.RedisServer;
import hubchat.testing.RequiresPrograms;
import hubchat.testing.SystemProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes on one Redis act as one chat for messages: a message sent on any node reaches
 * every member on every node once, in one order for all; history and {@code since} work across
 * nodes; a cid re-sent through another node is stored once. Each test has a room of its own.
 */
@RequiresPrograms(SystemProgram.REDIS_SERVER)
class ClusterMessagingTest {

    @RegisterExtension
    static final ChatCluster CLUSTER = ChatCluster.of(3, RedisServer.Options.DEFAULT);

    private final ChatNode a = CLUSTER.node(0);
    private final ChatNode b = CLUSTER.node(1);
    private final ChatNode c = CLUSTER.node(2);

    @Test
    void aMessageSentOnOneNodeReachesTheMembersOfTheOthersOnceAndItsSenderOnceWithItsCid() throws Exception {
        String room = CLUSTER.freshRoom("messaging");
        try (Chatter ann = Chatter.join(a, room, "ann");
             Chatter bob = Chatter.join(b, room, "bob");
             Chatter carl = Chatter.join(c, room, "carl")) {
            String id = ann.post("hello from a", "ann-1");
            // A second message after it: one order for all, so whatever the first brought
            // (a repeat included) has arrived by the time the second has.
            String after = bob.post("hello from b", "bob-1");
            for (Chatter member : List.of(ann, bob, carl)) {
                member.awaitMessage(after, WAIT);
                assertEquals(List.of(id, after), member.messageIds(), member + ": each message once, in order");
                Map<String, Object> first = member.messages().get(0);
                assertEquals("hello from a", first.get("text"));
                assertEquals("ann", first.get("from"));
                assertEquals(room, first.get("room"));
                assertEquals(member == ann ? "ann-1" : null, first.get("cid"), member + ": only the sender's copy has the cid");
                assertEquals(member == bob ? "bob-1" : null, member.messages().get(1).get("cid"));
            }
        }
    }

    @Test
    void concurrentSendersOnEveryNodeAndEveryMemberSeesOneSequenceWithEachMessageOnce() throws Exception {
        try (Conversation talk = Conversation.onEveryNode(CLUSTER.nodes(), CLUSTER.freshRoom("messaging"), 2, false)) {
            long start = System.nanoTime();
            talk.phase(100, Duration.ZERO);
            talk.assertEveryAcknowledgedMessageArrivedOnceInOrder(Duration.ofSeconds(30));
            assertEquals(3 * 2 * 100, talk.acknowledgedCount());
            assertEquals(0, talk.unavailableCount(), "nothing failed, so nothing was refused");
            assertEquals(600, talk.listeners().get(0).messages().size());
            System.out.printf("one order: 600 messages from 6 senders on 3 nodes in %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void aMemberWhoLeftOneNodeResumesOnAnotherWithSinceAndGetsExactlyWhatItMissed() throws Exception {
        String room = CLUSTER.freshRoom("messaging");
        try (Chatter bob = Chatter.join(b, room, "bob")) {
            String seen;
            try (Chatter ann = Chatter.join(a, room, "ann")) {
                seen = bob.post("before ann leaves", "bob-0");
                ann.awaitMessage(seen, WAIT);
            }
            List<String> missed = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                missed.add(bob.post("while ann is away " + i, "bob-" + i));
            }
            try (Chatter ann = Chatter.rejoin(b, room, "ann", seen)) {
                assertEquals(true, ann.welcome().get("resumed"), "ann's last id is known on node b too");
                assertEquals(missed, ann.historyIds(), "exactly the missed messages, in order");
            }
            try (Chatter carl = Chatter.join(c, room, "carl")) {
                assertEquals(false, carl.welcome().get("resumed"));
                List<String> all = new ArrayList<>(List.of(seen));
                all.addAll(missed);
                assertEquals(all, carl.historyIds(), "node c's welcome has the whole history");
            }
        }
    }

    @Test
    void aMessageResentWithItsCidThroughAnotherNodeIsStoredOnceAndAnsweredWithTheSameId() throws Exception {
        String room = CLUSTER.freshRoom("messaging");
        try (Chatter bob = Chatter.join(b, room, "bob");
             Chatter carl = Chatter.join(c, room, "carl")) {
            String id;
            try (Chatter ann = Chatter.join(a, room, "ann")) {
                id = ann.post("only once", "ann-x");
            }
            String after;
            try (Chatter again = joinOnceFree(b, room, "ann")) {
                assertEquals(id, again.post("only once", "ann-x"), "the re-send is answered with the original");
                after = carl.post("after the re-send", "carl-1");
                for (Chatter member : List.of(bob, carl, again)) {
                    member.awaitMessage(after, WAIT);
                }
                assertEquals(List.of(id, after), bob.messageIds(), "the re-send was delivered to nobody");
                assertEquals(List.of(id, after), carl.messageIds());
                assertEquals(List.of(id, after), again.messageIds(), "the re-sender got the original once, as its answer");
            }
            try (Chatter dave = Chatter.join(a, room, "dave")) {
                assertEquals(List.of(id, after), dave.historyIds(), "stored once");
            }
        }
    }

    /**
     * Joins as {@code nick} once that nick is free on {@code node} (its last holder said goodbye
     * on another node, which this node may learn a moment later): a join given a suffixed nick
     * is closed again and retried, for up to {@link Chatter#WAIT}.
     */
    private static Chatter joinOnceFree(ChatNode node, String room, String nick) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Chatter joined = Chatter.join(node, room, nick);
            if (joined.you().equals(nick)) {
                return joined;
            }
            joined.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError(nick + " still taken on " + node + " after " + WAIT);
            }
            Conversation.pause(50);
        }
    }
}
