package hubchat.hub;

import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.protocol.CloseCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub with no container: fan-out, order, history, presence, nicks, bounds. */
class ChatHubTest {
    private HubFixture fx = new HubFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void welcomeComesFirstWithYouMembersAndNoHistory() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        Map<String, Object> welcome = ann.next();
        assertEquals("welcome", welcome.get("type"));
        assertEquals("lobby", welcome.get("room"));
        assertEquals("ann", welcome.get("you"));
        assertEquals(List.of("ann"), welcome.get("members"));
        assertEquals(1L, welcome.get("memberCount"));
        assertEquals(List.of(), welcome.get("history"));
        assertEquals(false, welcome.get("resumed"));
    }

    @Test
    void messageReachesEveryMemberAndOnlyTheSendersCopyCarriesCid() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("lobby", "bob");
        ann.next("welcome");
        bob.next("welcome");
        fx.hub.receive(fx.member(bob), "{\"type\":\"message\",\"text\":\"  hi there  \",\"cid\":\"c1\"}");

        Map<String, Object> toAnn = ann.next("message");
        Map<String, Object> toBob = bob.next("message");
        assertEquals("hi there", toAnn.get("text"));
        assertEquals("bob", toAnn.get("from"));
        assertEquals("lobby", toAnn.get("room"));
        assertEquals(fx.time.now(), toAnn.get("ts"));
        assertNull(toAnn.get("cid"));
        assertEquals("c1", toBob.get("cid"));
        assertEquals(toAnn.get("id"), toBob.get("id"));
    }

    @Test
    void everyMemberSeesTheRoomsMessagesInTheSameOrder() throws Exception {
        List<FakeTransport> people = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            people.add(fx.join("lobby", "p" + i));
        }
        for (FakeTransport p : people) {
            p.next("welcome");
        }
        ExecutorService senders = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (FakeTransport p : people) {
            senders.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < 100; n++) {
                    fx.say(p, "m" + n);
                }
            });
        }
        go.countDown();
        List<List<Object>> seen = new ArrayList<>();
        for (FakeTransport p : people) {
            List<Object> ids = new ArrayList<>();
            while (ids.size() < 400) {
                ids.add(p.next("message").get("id"));
            }
            seen.add(ids);
        }
        senders.shutdown();
        assertEquals(400, seen.get(0).stream().distinct().count(), "ids never repeat");
        for (List<Object> ids : seen) {
            assertEquals(seen.get(0), ids);
        }
    }

    @Test
    void aMessageResentWithTheSameCidIsStoredOnceAndAcknowledgedAgain() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("lobby", "bob");
        ann.next("welcome");
        bob.next("welcome");
        String frame = "{\"type\":\"message\",\"text\":\"once\",\"cid\":\"c-42\"}";
        fx.hub.receive(fx.member(ann), frame);
        Map<String, Object> first = ann.next("message");
        assertEquals("c-42", first.get("cid"));
        bob.next("message");

        fx.hub.receive(fx.member(ann), frame); // e.g. after a reconnect, unsure it arrived
        Map<String, Object> again = ann.next("message");
        assertEquals(first, again, "the original message, with its cid, is the acknowledgement");
        fx.hub.receive(fx.member(bob), frame); // the same cid from someone else is a new message
        assertEquals("bob", ann.next("message").get("from"));
        fx.windowPasses(bob);
        assertEquals(List.of("bob"), fx.framesSoFar(bob).stream()
                .filter(f -> "message".equals(f.get("type"))).map(f -> f.get("from")).collect(Collectors.toList()),
                "bob gets no second copy of ann's message, only his own");
        assertEquals(2, list(fx.join("lobby", "carl").next("welcome"), "history").size());
    }

    @Test
    void aReloadInsideThePresenceWindowAnnouncesNothing() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("lobby", "bob");
        ann.next("welcome");
        bob.next("welcome");
        fx.windowPasses(ann);
        fx.framesSoFar(ann);
        fx.settle(fx.member(ann).room());
        fx.hub.leave(fx.member(bob));
        FakeTransport bobAgain = fx.join("lobby", "bob");
        assertEquals("bob", bobAgain.next("welcome").get("you"));
        fx.windowPasses(ann);
        List<Map<String, Object>> seen = fx.framesSoFar(ann);
        assertEquals(List.of(), seen, "bob left and came back within the window");
    }

    @Test
    void welcomeCarriesTheLast50MessagesOldestFirst() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        for (int i = 0; i < 60; i++) {
            fx.say(ann, "m" + i);
        }
        for (int i = 0; i < 60; i++) {
            ann.next("message");
        }
        FakeTransport bob = fx.join("lobby", "bob");
        List<Map<String, Object>> history = hubchat.testing.JsonFrames.list(bob.next("welcome"), "history")
                .stream().map(o -> asMap(o)).collect(Collectors.toList());
        assertEquals(50, history.size());
        assertEquals("m10", history.get(0).get("text"));
        assertEquals("m59", history.get(49).get("text"));
    }

    @Test
    void sinceResumesWithExactlyTheMissedMessages() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        fx.say(ann, "before");
        String lastSeen = (String) ann.next("message").get("id");
        for (int i = 0; i < 70; i++) {
            fx.say(ann, "missed" + i);
        }
        FakeTransport back = fx.join("lobby", "ann", lastSeen, FakeTransport.reading());
        Map<String, Object> welcome = back.next("welcome");
        assertEquals(true, welcome.get("resumed"));
        List<Object> texts = list(welcome, "history").stream().map(o -> asMap(o).get("text")).collect(Collectors.toList());
        assertEquals(IntStream.range(0, 70).mapToObj(i -> "missed" + i).collect(Collectors.toList()), texts);
    }

    @Test
    void unknownSinceGivesTheLatestHistoryAndResumedFalse() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        fx.say(ann, "one");
        ann.next("message");
        for (String since : new String[] {"nope", "", "zz-1", "0-0"}) {
            Map<String, Object> welcome = fx.join("lobby", "x", since, FakeTransport.reading()).next("welcome");
            assertEquals(false, welcome.get("resumed"), since);
            assertEquals(1, list(welcome, "history").size(), since);
        }
    }

    @Test
    void historyRequestPagesBackwardsOldestFirst() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fx.say(ann, "m" + i);
            ids.add(ann.next("message").get("id"));
        }
        fx.hub.receive(fx.member(ann), "{\"type\":\"history\",\"before\":\"" + ids.get(20) + "\",\"limit\":5}");
        List<Object> page = list(ann.next("history"), "messages");
        assertEquals(ids.subList(15, 20), page.stream().map(o -> asMap(o).get("id")).collect(Collectors.toList()));

        fx.hub.receive(fx.member(ann), "{\"type\":\"history\",\"before\":\"unknown\"}");
        assertEquals(List.of(), ann.next("history").get("messages"));
    }

    @Test
    void joinsAndLeavesWithinTheWindowAreMergedIntoOnePresenceFrame() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        fx.windowPasses(ann);
        fx.framesSoFar(ann);
        List<FakeTransport> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(fx.join("lobby", "u" + i));
        }
        fx.hub.leave(fx.member(others.get(0)));
        fx.windowPasses(ann);
        List<Map<String, Object>> frames = fx.framesSoFar(ann);
        assertEquals(1, frames.size(), "one merged frame: " + frames);
        Map<String, Object> presence = frames.get(0);
        assertEquals("presence", presence.get("type"));
        assertEquals(19, list(presence, "joined").size());
        assertFalse(list(presence, "joined").contains("u0"), "joined and left inside the window: not announced");
        assertEquals(List.of(), presence.get("left"));
        assertEquals(20L, presence.get("memberCount"));

        fx.hub.leave(fx.member(others.get(1)));
        fx.windowPasses(ann);
        Map<String, Object> leave = ann.next("presence");
        assertEquals(List.of("u1"), leave.get("left"));
        assertEquals(19L, leave.get("memberCount"));
    }

    @Test
    void aTakenNickGetsASuffixCaseInsensitively() throws Exception {
        fx.join("lobby", "ann").next("welcome");
        assertEquals("ANN-2", fx.join("lobby", "ANN").next("welcome").get("you"));
        assertEquals("ann-3", fx.join("lobby", "ann").next("welcome").get("you"));
        assertEquals("ann", fx.join("other", "ann").next("welcome").get("you"), "nicks are per room");
        String longNick = "x".repeat(32);
        fx.join("lobby", longNick).next("welcome");
        String suffixed = (String) fx.join("lobby", longNick).next("welcome").get("you");
        assertEquals("x".repeat(30) + "-2", suffixed, "suffix keeps the 32-character limit");
    }

    @Test
    void aBadHandshakeNickIsReplacedByAGuestNameAndReported() throws Exception {
        for (String bad : new String[] {"", "   ", "a\u0000b", "evil\u202Eright", "x".repeat(33), "tab\there"}) {
            FakeTransport t = fx.join("lobby", bad);
            Map<String, Object> welcome = t.next();
            assertTrue(((String) welcome.get("you")).startsWith("guest-"), bad);
            Map<String, Object> error = t.next();
            assertEquals("error", error.get("type"));
            assertEquals("bad_nick", error.get("code"));
        }
        Map<String, Object> noNick = fx.join("lobby", null).next();
        assertTrue(((String) noNick.get("you")).startsWith("guest-"));
    }

    @Test
    void nickChangeIsAnnouncedToEveryoneAndKeepsNicksUnique() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("lobby", "bob");
        ann.next("welcome");
        bob.next("welcome");
        fx.hub.receive(fx.member(bob), "{\"type\":\"nick\",\"nick\":\"ann\"}");
        Map<String, Object> change = ann.next("nick");
        assertEquals("bob", change.get("from"));
        assertEquals("ann-2", change.get("to"));
        assertEquals(change, bob.next("nick"));

        fx.hub.receive(fx.member(bob), "{\"type\":\"nick\",\"nick\":\"\\u202Eevil\"}");
        assertEquals("bad_nick", bob.next("error").get("code"));
        fx.say(bob, "still me");
        assertEquals("ann-2", ann.next("message").get("from"));
    }

    @Test
    void typingGoesToTheOthersOnlyAndIsNeverStored() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("lobby", "bob");
        ann.next("welcome");
        bob.next("welcome");
        fx.windowPasses(ann);
        fx.framesSoFar(ann);
        fx.windowPasses(bob);
        fx.framesSoFar(bob);
        fx.hub.receive(fx.member(ann), "{\"type\":\"typing\"}");
        assertEquals("ann", bob.next("typing").get("nick"));
        fx.windowPasses(ann);
        assertTrue(fx.framesSoFar(ann).isEmpty(), "the typist gets nothing back");
        assertEquals(List.of(), fx.join("lobby", "carl").next("welcome").get("history"));
    }

    @Test
    void aBadFrameGetsAnErrorAndTheConnectionKeepsWorking() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        fx.hub.receive(fx.member(ann), "{not json");
        assertEquals("bad_json", ann.next("error").get("code"));
        fx.hub.receive(fx.member(ann), "{\"type\":\"dance\"}");
        assertEquals("unknown_type", ann.next("error").get("code"));
        fx.say(ann, "fine");
        assertEquals("fine", ann.next("message").get("text"));
        assertFalse(fx.member(ann).connection().isClosed());
    }

    @Test
    void aPeerThatStopsReadingIsClosedWith1013WhileOthersGetEverything() throws Exception {
        fx.close();
        fx = new HubFixture(Settings.defaults().with(Setting.SEND_QUEUE_BYTES, 16_384));
        FakeTransport reader = fx.join("lobby", "reader");
        FakeTransport stuck = fx.join("lobby", "stuck", null, FakeTransport.stalled());
        FakeTransport sender = fx.join("lobby", "sender");
        reader.next("welcome");
        sender.next("welcome");
        String text = "x".repeat(500);
        for (int i = 0; i < 200; i++) {
            fx.say(sender, text + i);
        }
        assertEquals(CloseCodes.TRY_AGAIN_LATER, stuck.awaitClose());
        assertEquals(Connection.SLOW_CONSUMER, stuck.closeReason);
        assertEquals(1, stuck.maxInFlight.get(), "never more than one write in flight");
        for (int i = 0; i < 200; i++) {
            assertEquals(text + i, reader.next("message").get("text"));
        }
        assertFalse(fx.member(reader).connection().isClosed(), "a reader that keeps up is never taken for slow");
    }

    @Test
    void aFloodBeyondThePendingLimitIsClosedWith1008() throws Exception {
        fx.close();
        fx = new HubFixture(Settings.defaults().with(Setting.MAX_PENDING_FRAMES, 5));
        FakeTransport ann = fx.join("lobby", "ann");
        CountDownLatch hold = fx.hold(fx.member(ann).room());
        for (int i = 0; i < 6; i++) {
            fx.say(ann, "spam" + i);
        }
        hold.countDown();
        assertEquals(CloseCodes.POLICY, ann.awaitClose());
    }

    @Test
    void partsOfAMessageCountTowardTheFloodLimitUntilTheMessageIsHandled() throws Exception {
        fx.close();
        fx = new HubFixture(Settings.defaults().with(Setting.MAX_PENDING_FRAMES, 5));
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        Member m = fx.member(ann);
        // A message in five parts fills the limit exactly and is handled...
        for (int i = 0; i < 4; i++) {
            assertTrue(fx.hub.receivePart(m), "part " + i);
        }
        fx.hub.receive(m, "{\"type\":\"message\",\"text\":\"in parts\"}", 4);
        assertEquals("in parts", ann.next("message").get("text"));
        // ...after which all five are free again: another such message fits.
        for (int i = 0; i < 4; i++) {
            assertTrue(fx.hub.receivePart(m), "second message, part " + i);
        }
        fx.hub.receive(m, "{\"type\":\"message\",\"text\":\"again\"}", 4);
        assertEquals("again", ann.next("message").get("text"));
        // While parts wait, a sixth frame of any kind is a flood.
        for (int i = 0; i < 5; i++) {
            assertTrue(fx.hub.receivePart(m), "third message, part " + i);
        }
        assertFalse(fx.hub.receivePart(m));
        assertEquals(CloseCodes.POLICY, ann.awaitClose());
        assertEquals(CloseCodes.FLOOD, ann.closeReason);
    }

    @Test
    void theRoomLimitRefusesNewRoomsWith1008() throws Exception {
        fx.close();
        fx = new HubFixture(Settings.defaults().with(Setting.MAX_ROOMS, 2));
        fx.join("a", "ann").next("welcome");
        fx.join("b", "ann").next("welcome");
        FakeTransport third = fx.join("c", "ann");
        assertEquals(CloseCodes.POLICY, third.awaitClose());
        assertEquals("welcome", fx.join("a", "bob").next().get("type"), "existing rooms still take joins");
        assertEquals(2, fx.hub.roomCount());
    }

    @Test
    void anEmptyRoomIsForgottenWithItsHistoryAfterTheIdleTime() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        fx.say(ann, "remember me");
        ann.next("message");
        Room lobby = fx.member(ann).room();
        fx.hub.leave(fx.member(ann));
        fx.settle(lobby);

        fx.time.advance(fx.settings.roomIdleMillis() - 1); // the idle sweeps run on the way
        fx.settle(lobby);
        assertEquals(1, fx.hub.roomCount(), "not idle long enough");

        fx.time.advance(1);
        fx.settle(lobby);
        assertEquals(0, fx.hub.roomCount());
        assertEquals(List.of(), fx.join("lobby", "dan").next("welcome").get("history"), "history forgotten");
    }

    @Test
    void aJoinQueuedBehindTheRoomsExpiryLandsInAFreshRoom() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        Room lobby = fx.member(ann).room();
        fx.hub.leave(fx.member(ann));
        fx.settle(lobby);
        CountDownLatch hold = fx.hold(lobby);
        fx.time.advance(fx.settings.roomIdleMillis()); // the sweep queues the expiry behind the hold
        FakeTransport bob = fx.join("lobby", "bob"); // queued behind the expiry
        hold.countDown();
        assertEquals("welcome", bob.next().get("type"));
        assertEquals(1, fx.hub.roomCount());
        assertTrue(fx.member(bob).room() != lobby && !fx.member(bob).room().isExpired());
    }

    @Test
    void aSilentMemberIsPingedAndThenClosed() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        long ping = fx.settings.pingMillis();
        fx.time.advance(ping); // the liveness sweeps run on the way
        waitFor(() -> ann.pings.get() == 1);
        fx.hub.heard(fx.member(ann));
        fx.time.advance(ping - 1); // the liveness sweeps run on the way
        assertEquals(1, ann.pings.get());
        fx.time.advance(ping + 1); // the liveness sweeps run on the way
        assertEquals(CloseCodes.GOING_AWAY, ann.awaitClose());
        assertEquals("ping timeout", ann.closeReason);
    }

    @Test
    void aMemberClosedByTheHubIsLetGoEvenIfTheContainerNeverReportsTheClose() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("lobby", "bob");
        ann.next("welcome");
        bob.next("welcome");
        fx.windowPasses(bob);
        bob.next("presence"); // the join's presence
        fx.hub.heard(fx.member(ann)); // last heard of as the hub closes her
        fx.member(ann).connection().close(CloseCodes.TRY_AGAIN_LATER, "slow consumer: send queue full");
        ann.awaitClose(); // and no hub.leave or hub.lost: the container stays silent
        long ping = fx.settings.pingMillis();
        fx.time.advance(ping); // the liveness sweeps run on the way
        fx.hub.heard(fx.member(bob)); // bob is alive throughout
        fx.time.advance(ping - 1);
        fx.hub.heard(fx.member(bob));
        assertEquals(2, fx.hub.connectionCount(), "not yet: the container may still report it");
        fx.time.advance(ping / 2); // the first sweep after two silent intervals
        assertEquals(1, fx.hub.connectionCount());
        fx.windowPasses(bob);
        Map<String, Object> presence = bob.next("presence");
        assertEquals(List.of("ann"), presence.get("left"), "the others see ann leave: " + presence);
    }

    @Test
    void stoppingTheHubClosesEveryoneWith1001() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("other", "bob");
        ann.next("welcome");
        bob.next("welcome");
        fx.hub.stop();
        assertEquals(CloseCodes.GOING_AWAY, ann.awaitClose());
        assertEquals(CloseCodes.GOING_AWAY, bob.awaitClose());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
