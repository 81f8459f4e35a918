package hubchat.hub;

import static hubchat.testing.CloseAssertions.assertClosedFor;
import static hubchat.testing.JsonFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.protocol.Disconnect;
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

/**
 * The hub with no container, on a clock moved by hand: the welcome, fan-out and order, re-sent
 * cids, typing, frames it cannot use, and its bounds (slow readers, floods, the room limit, idle
 * rooms, liveness, stopping). Nicks, history and presence windows have classes of their own.
 */
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

        Map<String, Object> second = fx.join("lobby", "bob").next();
        assertEquals("welcome", second.get("type"));
        assertEquals("bob", second.get("you"));
        assertEquals(List.of("bob", "ann"), second.get("members"), "everyone, you first");
        assertEquals(2L, second.get("memberCount"));
    }

    @Test
    void messageReachesEveryMemberAndOnlyTheSendersCopyCarriesCid() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.send(bob, "{\"type\":\"message\",\"text\":\"  hi there  \",\"cid\":\"c1\"}");

        Map<String, Object> toAnn = ann.next("message");
        Map<String, Object> toBob = bob.next("message");
        assertEquals("hi there", toAnn.get("text"));
        assertEquals("bob", toAnn.get("from"));
        assertEquals("lobby", toAnn.get("room"));
        assertEquals(fx.time.now(), toAnn.get("ts"));
        assertFalse(toAnn.containsKey("cid"), "others get no cid: " + toAnn);
        assertEquals("c1", toBob.get("cid"));
        assertEquals(toAnn.get("id"), toBob.get("id"));

        fx.say(ann, "no cid here");
        for (FakeTransport t : List.of(ann, bob)) {
            Map<String, Object> m = t.next("message");
            assertEquals("no cid here", m.get("text"));
            assertFalse(m.containsKey("cid"), "no cid sent, none echoed: " + m);
        }
    }

    @Test
    void everyMemberSeesTheRoomsMessagesInTheSameOrderAndEachSendersInItsOwnOrder() throws Exception {
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
        List<String> ownOrder = IntStream.range(0, 100).mapToObj(n -> "m" + n).toList();
        for (FakeTransport p : people) {
            List<Map<String, Object>> messages = new ArrayList<>();
            while (messages.size() < 400) {
                messages.add(p.next("message"));
            }
            seen.add(messages.stream().map(m -> m.get("id")).toList());
            for (int s = 0; s < people.size(); s++) {
                String sender = "p" + s;
                assertEquals(ownOrder, messages.stream().filter(m -> sender.equals(m.get("from"))).map(m -> m.get("text"))
                        .toList(), "each sender's messages keep their order");
            }
        }
        senders.shutdown();
        assertEquals(400, seen.get(0).stream().distinct().count(), "ids never repeat");
        for (List<Object> ids : seen) {
            assertEquals(seen.get(0), ids);
        }
    }

    @Test
    void aMessageResentWithTheSameCidIsStoredOnceAndAcknowledgedAgain() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        String frame = "{\"type\":\"message\",\"text\":\"once\",\"cid\":\"c-42\"}";
        fx.send(ann, frame);
        Map<String, Object> first = ann.next("message");
        assertEquals("c-42", first.get("cid"));
        bob.next("message");

        fx.send(ann, frame); // on the same connection, unsure it arrived
        Map<String, Object> again = ann.next("message");
        assertEquals(first, again, "the original message, with its cid, is the acknowledgement");
        fx.send(bob, frame); // the same cid from someone else is a new message
        assertEquals("bob", ann.next("message").get("from"));
        assertEquals(List.of("bob"), fx.framesSoFar(bob).stream()
                .filter(f -> "message".equals(f.get("type"))).map(f -> f.get("from")).collect(Collectors.toList()),
                "bob gets no second copy of ann's message, only his own");

        fx.hub.leave(fx.member(ann)); // ann says goodbye and comes back under the same nick
        FakeTransport annAgain = fx.join("lobby", "ann");
        assertEquals("ann", annAgain.next("welcome").get("you"));
        fx.send(annAgain, frame); // e.g. after a reload, unsure it arrived
        assertEquals(first, annAgain.next("message"), "a re-send after a reconnect is stored once");
        assertEquals(2, list(fx.join("lobby", "carl").next("welcome"), "history").size());
    }

    @Test
    void typingGoesToTheOthersOnlyAndIsNeverStored() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        fx.send(ann, "{\"type\":\"typing\"}");
        assertEquals(Map.of("type", "typing", "nick", "ann"), bob.next("typing"));
        assertEquals(List.of(), fx.framesSoFar(ann), "the typist gets nothing back");
        assertEquals(List.of(), fx.join("lobby", "carl").next("welcome").get("history"));
    }

    @Test
    void aBadFrameGetsAnErrorAndTheConnectionKeepsWorking() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        fx.send(ann, "{not json");
        assertEquals("bad_json", ann.next("error").get("code"));
        fx.send(ann, "{\"type\":\"dance\"}");
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
        assertClosedFor(Disconnect.SLOW_CONSUMER, stuck.awaitClose(), stuck.closeReason);
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
        assertClosedFor(Disconnect.FLOOD, ann.awaitClose(), ann.closeReason);
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
        assertClosedFor(Disconnect.FLOOD, ann.awaitClose(), ann.closeReason);
    }

    @Test
    void theRoomLimitRefusesNewRoomsWith1008() throws Exception {
        fx.close();
        fx = new HubFixture(Settings.defaults().with(Setting.MAX_ROOMS, 2));
        fx.join("a", "ann").next("welcome");
        fx.join("b", "ann").next("welcome");
        FakeTransport third = fx.join("c", "ann");
        assertClosedFor(Disconnect.ROOM_LIMIT, third.awaitClose(), third.closeReason);
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
    void aForgottenRoomFreesItsPlaceUnderTheRoomLimitAndItsIdsAreUnknownThere() throws Exception {
        fx.close();
        fx = new HubFixture(Settings.defaults().with(Setting.MAX_ROOMS, 2));
        FakeTransport a = fx.joined("alpha", "ann");
        FakeTransport b = fx.joined("beta", "ann");
        String id = (String) fx.post(a, "soon forgotten").get("id");
        List<Room> rooms = List.of(fx.member(a).room(), fx.member(b).room());
        fx.hub.leave(fx.member(a));
        fx.hub.leave(fx.member(b));
        for (Room r : rooms) {
            fx.settle(r);
        }
        fx.time.advance(fx.settings.roomIdleMillis()); // the idle sweeps run on the way
        for (Room r : rooms) {
            fx.settle(r);
        }
        assertEquals(0, fx.hub.roomCount());

        FakeTransport gamma = fx.join("gamma", "ann");
        assertEquals("welcome", gamma.next().get("type"), "a place was free again");
        Map<String, Object> back = fx.join("alpha", "ann", id, FakeTransport.reading()).next();
        assertEquals("welcome", back.get("type"), "the limit has room for two");
        assertEquals(false, back.get("resumed"), "the history went with the room");
        assertEquals(List.of(), back.get("history"));
    }

    @Test
    void aJoinQueuedBehindTheRoomsExpiryLandsInAFreshRoom() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        ann.next("welcome");
        fx.post(ann, "history keeps the empty room until the idle time");
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
        assertClosedFor(Disconnect.PING_TIMEOUT, ann.awaitClose(), ann.closeReason);
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
        fx.member(ann).connection().close(Disconnect.SLOW_CONSUMER);
        ann.awaitClose(); // and no hub.leave or hub.lost: the container stays silent
        long ping = fx.settings.pingMillis();
        fx.time.advance(ping); // the liveness sweeps run on the way
        fx.hub.heard(fx.member(bob)); // bob is alive throughout
        fx.time.advance(ping - 1);
        fx.hub.heard(fx.member(bob));
        assertEquals(2, fx.hub.connectionCount(), "not yet: the container may still report it");
        fx.time.advance(ping / 2); // the first sweep after two silent intervals
        assertEquals(1, fx.hub.connectionCount());
        fx.settle(fx.member(bob).room());
        fx.time.advance(fx.settings.leaveGraceMillis()); // she did not come back within the leave grace
        fx.windowPasses(bob);
        Map<String, Object> presence = bob.next("presence");
        assertEquals(List.of("ann"), presence.get("left"), "the others see ann leave: " + presence);
    }

    @Test
    void stoppingTheHubClosesEveryoneWith1001Restarting() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        FakeTransport bob = fx.join("other", "bob");
        ann.next("welcome");
        bob.next("welcome");
        fx.hub.stop();
        assertClosedFor(Disconnect.RESTARTING, ann.awaitClose(), ann.closeReason);
        assertClosedFor(Disconnect.RESTARTING, bob.awaitClose(), bob.closeReason);
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
