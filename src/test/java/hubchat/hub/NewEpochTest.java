package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.engine.Appended;
import hubchat.engine.Engine;
import hubchat.engine.History;
import hubchat.engine.Stored;
import hubchat.protocol.ChatMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A room whose engine starts a new epoch (its store lost writes, so seqs start over): members
 * already welcomed get every message of the new epoch, even those whose seqs they have seen in
 * the old one, and a welcome read in the old epoch is followed by the whole new one.
 */
class NewEpochTest {
    private static final Settings SETTINGS = Settings.defaults().with(Setting.PRESENCE_WINDOW_MS, 50);
    private final PlayedEngine engine = new PlayedEngine();
    private final HubFixture fx = new HubFixture(SETTINGS, time -> engine);

    @AfterEach
    void stop() {
        fx.close();
    }

    /** An engine the test plays: it delivers what the test says, and answers reads when told. */
    private static final class PlayedEngine implements Engine {
        volatile Feed feed;
        volatile CompletableFuture<History> nextRead = CompletableFuture.completedFuture(new History(List.of(), "e1", 0));

        void deliver(String epoch, long seq) {
            feed.deliver(new Stored(message(epoch, seq), epoch, seq, "elsewhere", null));
        }

        static ChatMessage message(String epoch, long seq) {
            return new ChatMessage(epoch + "-" + seq, "lobby", "zed", null, epoch + "/" + seq, 0);
        }

        @Override
        public void open(String room, Feed feed) {
            this.feed = feed;
        }

        @Override
        public void close(String room) {
        }

        @Override
        public CompletionStage<Appended> append(String room, String sender, String senderId, String origin, String text,
                String cid) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletionStage<History> latest(String room, int limit) {
            return nextRead;
        }

        @Override
        public CompletionStage<Optional<History>> after(String room, String id) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<History> before(String room, String id, int limit) {
            return CompletableFuture.completedFuture(new History(List.of(), "e1", 0));
        }
    }

    @Test
    void aNewEpochReachesEveryWelcomedMemberEvenWhenItsSeqsStartOver() throws Exception {
        engine.nextRead = CompletableFuture.completedFuture(
                new History(List.of(PlayedEngine.message("e1", 1), PlayedEngine.message("e1", 2)), "e1", 2));
        FakeTransport ann = fx.joined("lobby", "ann"); // welcomed at e1, seq 2
        engine.deliver("e1", 2); // late delivery of a message in its history: not again
        engine.deliver("e1", 3);
        engine.deliver("e2", 1);
        engine.deliver("e2", 2);
        engine.deliver("e2", 3);
        assertEquals(List.of("e1/3", "e2/1", "e2/2", "e2/3"), texts(fx.framesSoFar(ann)));
    }

    @Test
    void aWelcomeReadInTheOldEpochIsFollowedByTheWholeNewEpoch() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        engine.deliver("e1", 1);
        CompletableFuture<History> read = new CompletableFuture<>();
        engine.nextRead = read;
        FakeTransport bob = fx.join("lobby", "bob");
        fx.settle(fx.member(ann).room());
        engine.deliver("e2", 1);
        engine.deliver("e2", 2);
        fx.settle(fx.member(ann).room());
        read.complete(new History(List.of(PlayedEngine.message("e1", 1)), "e1", 1));
        fx.settle(fx.member(bob).room());
        List<Map<String, Object>> frames = fx.framesSoFar(bob);
        assertEquals("welcome", frames.get(0).get("type"));
        assertEquals(1, list(frames.get(0), "history").size());
        assertEquals(List.of("e2/1", "e2/2"), texts(frames));
    }

    @Test
    void aWelcomeReadInAnEpochNotDeliveredHereYetGetsNothingOfTheOldOneAndTheNewOneOnce() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        engine.deliver("e1", 1);
        engine.deliver("e1", 2);
        engine.nextRead = CompletableFuture.completedFuture(new History(List.of(PlayedEngine.message("e2", 1)), "e2", 1));
        FakeTransport bob = fx.join("lobby", "bob");
        fx.settle(fx.member(bob).room());
        engine.deliver("e2", 1);
        engine.deliver("e2", 2);
        List<Map<String, Object>> frames = fx.framesSoFar(bob);
        assertEquals("welcome", frames.get(0).get("type"));
        assertEquals(List.of("e2/2"), texts(frames), "its history had e2/1; e1 came before its history");
        assertEquals(List.of("e1/1", "e1/2", "e2/1", "e2/2"), texts(fx.framesSoFar(ann)));
    }

    private static List<Object> texts(List<Map<String, Object>> frames) {
        return frames.stream().filter(f -> "message".equals(f.get("type"))).map(f -> f.get("text")).toList();
    }
}
