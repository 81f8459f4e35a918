package hubchat.hub;

import static hubchat.testing.CloseAssertions.assertClosedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.protocol.Disconnect;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A hub's stop: the drain (not ready, joins refused, queues written, then 1001 restarting), bounded by its timeout. */
class HubStopTest {
    private static final Settings SETTINGS = Settings.defaults().with(Setting.PRESENCE_WINDOW_MS, 50)
            .with(Setting.DRAIN_SECONDS, 5);

    @Test
    void stoppingTwiceClosesWhatTheHubWasGivenOnce() {
        Settings settings = Settings.defaults();
        ManualTime time = new ManualTime(0);
        ChatHub hub = new ChatHub(settings, HubFixture.memoryEngine(settings, time), HubExecutors.own(2), time);
        AtomicInteger closes = new AtomicInteger();
        hub.closingAtStop(closes::incrementAndGet);
        hub.stop(); // as the deployment ends
        hub.stop(); // and again from the CDI disposer
        assertEquals(1, closes.get());
    }

    @Test
    void everyFrameQueuedForASlowReaderIsWrittenBeforeItsRestartingClose() throws Exception {
        try (HubFixture fx = new HubFixture(SETTINGS)) {
            FakeTransport bob = fx.joined("lobby", "bob");
            FakeTransport ann = fx.join("lobby", "ann", null, FakeTransport.held());
            fx.settle(fx.member(ann).room());
            List<Object> ids = fx.postAll(bob, List.of("one", "two", "three"));
            fx.settle(fx.member(ann).room());
            int queuedBefore = ann.written.get();

            CompletableFuture<Void> drained = fx.hub.drain();
            assertFalse(ann.closed.await(50, TimeUnit.MILLISECONDS), "open while its frames wait");
            while (ann.closed.getCount() > 0) {
                ann.completeHeldWrites(); // the reader takes what it was sent, write by write
                ann.closed.await(10, TimeUnit.MILLISECONDS);
            }
            drained.get(5, TimeUnit.SECONDS);
            assertClosedFor(Disconnect.RESTARTING, ann.closeCode, ann.closeReason);
            assertEquals(ann.written.get(), ann.writtenAtClose, "nothing written after the close");
            assertTrue(ann.writtenAtClose > queuedBefore, "the queue was written during the drain");
            List<Object> got = ann.frames.stream().map(hubchat.testing.JsonFrames::parse)
                    .filter(f -> "message".equals(f.get("type"))).map(f -> f.get("id")).toList();
            assertEquals(ids, got, "every message bob posted, once, in order");
            assertClosedFor(Disconnect.RESTARTING, bob.awaitClose(), bob.closeReason);
        }
    }

    @Test
    void aReaderThatStoppedIsClosedAtTheDrainTimeoutAndNotBefore() throws Exception {
        try (HubFixture fx = new HubFixture(SETTINGS)) {
            FakeTransport bob = fx.joined("lobby", "bob");
            FakeTransport stuck = fx.join("lobby", "stuck", null, FakeTransport.stalled());
            fx.settle(fx.member(stuck).room());
            fx.post(bob, "you will not read this");
            CompletableFuture<Void> drained = fx.hub.drain();
            assertClosedFor(Disconnect.RESTARTING, bob.awaitClose(), bob.closeReason);

            fx.time.advance(SETTINGS.drainMillis() - 1);
            assertFalse(stuck.closed.await(50, TimeUnit.MILLISECONDS), "held open until the timeout");
            assertFalse(drained.isDone());
            fx.time.advance(1);
            assertClosedFor(Disconnect.RESTARTING, stuck.awaitClose(), stuck.closeReason);
            drained.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theHubIsNotReadyFromTheStartOfTheDrain() throws Exception {
        try (HubFixture fx = new HubFixture(SETTINGS)) {
            FakeTransport stuck = fx.join("lobby", "stuck", null, FakeTransport.stalled());
            fx.settle(fx.member(stuck).room());
            assertEquals(Readiness.READY, fx.hub.readiness());
            assertFalse(fx.hub.isDraining());
            fx.hub.drain();
            assertEquals(Readiness.not(Readiness.DRAINING), fx.hub.readiness());
            assertEquals("{\"status\":\"not_ready\",\"reason\":\"draining\"}", fx.hub.readiness().json());
            assertTrue(fx.hub.isDraining());
            assertFalse(fx.hub.isReady());
            assertEquals(1, fx.hub.connectionCount(), "still open: its drain has not ended");
        }
    }

    @Test
    void aJoinDuringTheDrainIsClosedRestartingAndGivesItsAdmissionBack() throws Exception {
        try (HubFixture fx = new HubFixture(SETTINGS)) {
            FakeTransport stuck = fx.join("lobby", "stuck", null, FakeTransport.stalled());
            fx.settle(fx.member(stuck).room());
            fx.hub.drain();
            FakeTransport late = FakeTransport.reading();
            AtomicInteger released = new AtomicInteger();
            fx.hub.join(late, "lobby", "late", null, null, new Admitted("192.0.2.1", released::incrementAndGet, null));
            assertClosedFor(Disconnect.RESTARTING, late.awaitClose(), late.closeReason);
            assertEquals(1, released.get());
            assertEquals(0, late.written.get(), "no welcome");
            assertEquals(1, fx.hub.connectionCount());
        }
    }

    @Test
    void readinessNamesTheEngineStartingUntilItIsFirstReachedThenUnavailable() {
        HeldEngine[] engine = new HeldEngine[1];
        try (HubFixture fx = new HubFixture(SETTINGS, time -> engine[0] = new HeldEngine(HubFixture.memoryEngine(SETTINGS, time)))) {
            engine[0].reachable(false);
            assertEquals(new Readiness(false, Readiness.STARTING, "held"), fx.hub.readiness());
            engine[0].reachable(true);
            assertEquals(Readiness.READY, fx.hub.readiness());
            engine[0].reachable(false);
            Readiness lost = fx.hub.readiness();
            assertEquals(new Readiness(false, Readiness.ENGINE_UNAVAILABLE, "held"), lost);
            assertEquals("{\"status\":\"not_ready\",\"reason\":\"engine_unavailable\",\"engine\":\"held\"}", lost.json());
            engine[0].reachable(true);
            assertEquals("{\"status\":\"ready\"}", fx.hub.readiness().json());
        }
    }

    @Test
    void aStoppedHubSaysStopped() {
        HubFixture fx = new HubFixture(SETTINGS);
        fx.close();
        assertEquals(Readiness.not(Readiness.STOPPED), fx.hub.readiness());
    }
}
