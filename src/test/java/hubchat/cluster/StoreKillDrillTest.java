package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.testing.ChatNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node alone with the embedded database (no Redis), killed with {@code kill -9} in the middle
 * of a burst of messages from several senders, then started anew on the same data folder: every
 * message a sender saw acknowledged is in the history exactly once, at the id it was
 * acknowledged with, each sender's in the order it sent them; a re-send (same cid, same nick) of
 * a message that was stored but not acknowledged before the kill is answered with the stored
 * one and stores nothing; ids never repeat; a listener's {@code since} from before the kill
 * resumes with exactly the messages it missed, right after the restart and after the burst. The
 * nodes keep fewer messages in memory than the burst has, so the whole history is read in pages
 * partly from the database.
 */
class StoreKillDrillTest {

    private static final String ROOM = "drill";
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 200;
    /** Messages a sender keeps in flight: enough that the kill finds some unanswered. */
    private static final int WINDOW = 8;
    /** The kill comes once this many are acknowledged, about a third of the burst. */
    private static final int KILL_AFTER = 250;
    private static final Duration BURST_WAIT = Duration.ofSeconds(60);
    /**
     * Messages a room keeps in memory: fewer than the burst, so the oldest pages come from the
     * database; more than come after the listener's last message before the kill, so a since
     * from then still resumes (a welcome carries at most this many).
     */
    private static final int IN_MEMORY = 640;

    @TempDir
    Path data;

    @Test
    void killedMidBurstAndRestartedOnItsDataTheNodeKeepsEveryAcknowledgedMessageOnceInOrderAndStoresNoResendTwice()
            throws Exception {
        Map<Setting, Object> settings = Map.of(Setting.DATA_DIR, data, Setting.HISTORY_SIZE, IN_MEMORY);
        AtomicInteger acknowledged = new AtomicInteger();
        List<BurstSender> senders = new ArrayList<>();
        for (int i = 1; i <= SENDERS; i++) {
            senders.add(new BurstSender("s" + i, PER_SENDER, WINDOW, acknowledged));
        }
        ExecutorService threads = Executors.newFixedThreadPool(SENDERS);
        ChatNode first = ChatNode.start("store-a", settings);
        ChatNode second = null;
        try (Chatter ear = Chatter.join(first, ROOM, "ear")) {
            List<CompletableFuture<Boolean>> bursts = new ArrayList<>();
            for (BurstSender s : senders) {
                bursts.add(CompletableFuture.supplyAsync(() -> call(() -> s.burst(first, ROOM)), threads));
            }
            long deadline = System.nanoTime() + BURST_WAIT.toNanos();
            while (acknowledged.get() < KILL_AFTER) {
                assertFalse(bursts.stream().anyMatch(CompletableFuture::isDone), "a burst ended before the kill" + first.tail());
                assertTrue(System.nanoTime() < deadline, acknowledged.get() + " acknowledged within " + BURST_WAIT + first.tail());
                Thread.sleep(1);
            }
            first.kill9();
            for (CompletableFuture<Boolean> burst : bursts) {
                assertTrue(burst.get(30, TimeUnit.SECONDS), "every sender lost its connection mid-burst");
            }
            ear.settle(Duration.ofMillis(500)); // takes in what reached it before the kill
            List<String> heardBefore = ear.messageIds();
            String since = heardBefore.get(heardBefore.size() - 1);

            second = ChatNode.start("store-b", settings);
            ChatNode restarted = second;
            try (Chatter earBack = Chatter.rejoin(restarted, ROOM, "ear", since)) {
                assertEquals(true, earBack.welcome().get("resumed"),
                        "a since from before the kill resumes; the welcome's history had "
                                + earBack.historyIds().size() + " messages");
                List<CompletableFuture<Boolean>> finishing = new ArrayList<>();
                for (BurstSender s : senders) {
                    finishing.add(CompletableFuture.supplyAsync(() -> call(() -> {
                        s.finish(restarted, ROOM);
                        return true;
                    }), threads));
                }
                CompletableFuture.allOf(finishing.toArray(CompletableFuture[]::new)).get(BURST_WAIT.toSeconds(), TimeUnit.SECONDS);

                List<Map<String, Object>> history = RoomHistory.read(restarted, ROOM, "reader");
                List<String> ids = Chatter.ids(history);
                earBack.awaitMessage(ids.get(ids.size() - 1), Chatter.WAIT);
                assertEveryMessageStoredOnceAtItsAcknowledgedIdInOrder(senders, history);
                assertEquals(heardBefore, ids.subList(0, heardBefore.size()),
                        "what was delivered before the kill was stored, in that order");
                List<String> resumed = new ArrayList<>(earBack.historyIds());
                resumed.addAll(earBack.messageIds());
                assertEquals(ids.subList(ids.indexOf(since) + 1, ids.size()), resumed,
                        "the listener back with its since gets exactly what came after it: in the welcome, then live");
                assertTrue(ids.size() - ids.indexOf(since) - 1 <= IN_MEMORY,
                        "the drill's premise: a welcome can carry what came after");
                int lateResumed;
                try (Chatter late = Chatter.rejoin(restarted, ROOM, "late", since)) {
                    assertEquals(true, late.welcome().get("resumed"), "the same since resumes after the burst too");
                    assertEquals(ids.subList(ids.indexOf(since) + 1, ids.size()), late.historyIds(),
                            "the same since, once the burst is over, gets exactly every message after it, across the restart");
                    lateResumed = late.historyIds().size();
                }
                report(senders, earBack.historyIds().size(), lateResumed);
            }
        } finally {
            threads.shutdownNow();
            first.kill9();
            if (second != null) {
                second.stop();
            }
        }
    }

    /**
     * The history holds every message of every sender exactly once (all were acknowledged in
     * the end), each at the id its sender was given, each sender's in the order sent, and
     * nothing else; the ids of the first start's epoch all come before those of the second.
     */
    private static void assertEveryMessageStoredOnceAtItsAcknowledgedIdInOrder(List<BurstSender> senders,
            List<Map<String, Object>> history) {
        Map<String, String> idByText = new HashMap<>();
        Map<String, List<String>> textsBySender = new HashMap<>();
        Set<String> epochs = new LinkedHashSet<>();
        for (Map<String, Object> m : history) {
            String text = (String) m.get("text");
            assertEquals(null, idByText.put(text, (String) m.get("id")), "stored twice: " + text);
            textsBySender.computeIfAbsent((String) m.get("from"), f -> new ArrayList<>()).add(text);
            epochs.add(epoch((String) m.get("id")));
        }
        assertEquals(2, epochs.size(), "ids of the first start, then of the second, never mixed: " + epochs);
        Map<String, String> cidOfId = new HashMap<>();
        for (BurstSender s : senders) {
            List<String> sent = new ArrayList<>();
            for (int i = 1; i <= PER_SENDER; i++) {
                sent.add(Acknowledgements.textOf(s.cid(i)));
            }
            assertEquals(sent, textsBySender.remove(s.nick()), s.nick() + "'s messages, each once, in the order sent");
            assertEquals(PER_SENDER, s.idByCid().size(), s.nick() + ": every message acknowledged in the end");
            s.idByCid().forEach((cid, id) -> {
                assertEquals(id, idByText.get(Acknowledgements.textOf(cid)), cid + " is stored at the id it was acknowledged with");
                String other = cidOfId.put(id, cid);
                assertTrue(other == null, "one id acknowledged for two messages: " + id + " for " + cid + " and " + other);
            });
        }
        assertEquals(Map.of(), textsBySender, "nothing but the senders' messages");
    }

    private static void report(List<BurstSender> senders, int resumedAtOnce, int resumedLater) {
        int before = 0;
        int inFlight = 0;
        int storedUnacknowledged = 0;
        String firstEpoch = epoch(senders.get(0).idByCid().values().iterator().next());
        for (BurstSender s : senders) {
            before += s.acknowledgedBeforeLoss();
            inFlight += s.inFlightAtLoss().size();
            assertEquals(new LinkedHashSet<>(s.inFlightAtLoss()), s.resendAnswers().keySet(),
                    s.nick() + ": every message in flight was re-sent and answered");
            for (String id : s.resendAnswers().values()) {
                if (epoch(id).equals(firstEpoch)) {
                    storedUnacknowledged++;
                }
            }
        }
        assertNotEquals(0, inFlight, "the kill found messages in flight");
        System.out.printf("kill -9 drill: %d acknowledged before the kill, %d in flight at the kill and re-sent, "
                + "%d of them found stored though unacknowledged (answered with the earlier id), %d stored anew; "
                + ""
                + "the listener's since resumed with the %d messages stored after the last it heard, and after the burst with %d%n",
                before, inFlight, storedUnacknowledged, inFlight - storedUnacknowledged, resumedAtOnce, resumedLater);
    }

    /** The start of the node that stored a message: an id is {@code EPOCH-NUM}. */
    private static String epoch(String id) {
        return id.substring(0, id.lastIndexOf('-'));
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
