package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.metrics.ChatMetrics;
import hubchat.protocol.Disconnect;
import hubchat.protocol.ErrorCode;
import hubchat.testing.PrometheusText;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the hub counts, exactly, for a scripted chat: messages received once each, deliveries
 * once per recipient of each message, every ended connection once with its cause (the first
 * cause given), every error frame by its code; and the gauges as a scrape shows them.
 */
class HubMetricsTest {
    private HubFixture fx = new HubFixture();

    @AfterEach
    void stop() {
        fx.close();
    }

    private ChatMetrics metrics() {
        return fx.hub.metrics();
    }

    @Test
    void aScriptedChatCountsEachMessageOnceAndEachDeliveryPerRecipient() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        FakeTransport cat = fx.joined("lobby", "cat");
        fx.postAll(ann, List.of("one", "two"));
        fx.post(bob, "three");
        fx.framesSoFar(cat); // everything fanned out so far has reached cat: its room has counted it

        assertEquals(3, metrics().messagesReceived());
        assertEquals(9, metrics().deliveries(), "3 messages to 3 members");

        FakeTransport dan = fx.joined("lobby", "dan"); // joins after: its welcome carries them, no delivery
        fx.say(dan, "four");
        fx.framesSoFar(dan);
        fx.framesSoFar(ann);
        assertEquals(4, metrics().messagesReceived());
        assertEquals(13, metrics().deliveries(), "then one message to 4 members");
        PrometheusText scrape = PrometheusText.scrape(metrics().registry());
        assertEquals(4, scrape.count("hubchat_messages_received_total"));
        assertEquals(13, scrape.count("hubchat_deliveries_total"));
        assertTrue(scrape.count("hubchat_fanout_seconds_count") >= 1, "the writes carrying messages are timed");
    }

    @Test
    void everyErrorFrameIsCountedByItsCode() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.send(ann, "{not json");
        fx.send(ann, "{\"type\":\"dance\"}");
        fx.send(ann, "{\"type\":\"message\",\"text\":\"   \"}");
        fx.send(ann, "{\"type\":\"message\",\"text\":\"   \"}");
        fx.framesSoFar(ann);

        assertEquals(1, metrics().errors(ErrorCode.BAD_JSON));
        assertEquals(1, metrics().errors(ErrorCode.UNKNOWN_TYPE));
        assertEquals(2, metrics().errors(ErrorCode.EMPTY));
        assertEquals(0, metrics().errors(ErrorCode.BAD_REQUEST));
        PrometheusText scrape = PrometheusText.scrape(metrics().registry());
        assertEquals(2, scrape.count("hubchat_errors_total{code=\"empty\"}"));
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(scrape.has("hubchat_errors_total{code=\"" + code.wire() + "\"}"), code + " is reported from the start");
        }
    }

    @Test
    void aRateLimitedFrameIsCountedAsItsErrorCode() throws Exception {
        fx.close();
        fx = HubFixture.limited(Settings.defaults().with(Setting.TYPING_RATE, 1).with(Setting.TYPING_BURST, 1));
        FakeTransport ann = fx.joined("lobby", "ann");
        fx.joined("lobby", "bob");
        for (int i = 0; i < 3; i++) {
            fx.send(ann, "{\"type\":\"typing\"}");
        }
        fx.framesSoFar(ann);
        assertEquals(2, metrics().errors(ErrorCode.RATE_LIMITED), "one typing frame within the burst, two refused");
    }

    @Test
    void everyEndedConnectionIsCountedOnceWithItsFirstCause() throws Exception {
        FakeTransport ann = fx.joined("lobby", "ann");
        FakeTransport bob = fx.joined("lobby", "bob");
        FakeTransport cat = fx.joined("lobby", "cat");
        FakeTransport dan = fx.joined("lobby", "dan");
        FakeTransport eve = fx.joined("lobby", "eve");

        fx.leave(ann); // a close frame from the client
        fx.lose(bob); // no close frame
        fx.lose(bob); // the same end reported twice counts once
        fx.member(cat).connection().close(Disconnect.PING_TIMEOUT);
        fx.member(cat).connection().close(Disconnect.SLOW_CONSUMER); // closed already: the first cause stays
        fx.leave(cat); // the container reports the close the hub made
        fx.hub.closing(fx.member(dan), Disconnect.TOO_BIG); // the endpoint closes for a frame too big
        fx.leave(dan, 1009);
        fx.hub.stop();
        eve.awaitClose();
        Disconnect stopping = fx.member(eve).connection().cause(); // whatever the hub's stop is called
        fx.hub.leave(fx.member(eve), eve.closeCode);

        assertEquals(1, metrics().disconnects(Disconnect.CLIENT_CLOSED));
        assertEquals(1, metrics().disconnects(Disconnect.CONNECTION_LOST));
        assertEquals(1, metrics().disconnects(Disconnect.PING_TIMEOUT));
        assertEquals(0, metrics().disconnects(Disconnect.SLOW_CONSUMER));
        assertEquals(1, metrics().disconnects(Disconnect.TOO_BIG));
        assertEquals(1, metrics().disconnects(stopping));
        long all = 0;
        for (Disconnect cause : Disconnect.values()) {
            all += metrics().disconnects(cause);
        }
        assertEquals(5, all, "five connections, five ends");
    }

    @Test
    void aJoinRefusedByTheHubIsCountedOnceForItsCauseThoughTheContainerReportsItsCloseToo() throws Exception {
        fx.close();
        fx = new HubFixture(Settings.defaults().with(Setting.MAX_ROOMS, 1));
        fx.joined("lobby", "ann");
        FakeTransport bob = fx.join("kitchen", "bob");
        bob.awaitClose();
        fx.leave(bob);
        assertEquals(1, metrics().disconnects(Disconnect.ROOM_LIMIT));
        assertEquals(0, metrics().disconnects(Disconnect.CLIENT_CLOSED));
    }

    @Test
    void aResumeThatReplacesAnOpenConnectionCountsItAsReplaced() throws Exception {
        FakeTransport ann = fx.join("lobby", "ann");
        String secret = (String) ann.next("welcome").get("resume");
        FakeTransport again = fx.resume("lobby", "ann", null, secret);
        again.next("welcome");
        ann.awaitClose();
        fx.leave(ann); // the container reports the close of the replaced connection
        assertEquals(1, metrics().disconnects(Disconnect.REPLACED));
        assertEquals(0, metrics().disconnects(Disconnect.CLIENT_CLOSED));
    }

    @Test
    void theGaugesShowOpenConnectionsRoomsReadinessAndEachSendQueue() throws Exception {
        fx.joined("lobby", "ann");
        fx.joined("lobby", "bob");
        FakeTransport cat = fx.join("kitchen", "cat", null, FakeTransport.stalled()); // its writes never complete
        fx.settle(fx.member(cat).room());
        PrometheusText scrape = PrometheusText.scrape(metrics().registry());
        assertEquals(3, scrape.count("hubchat_connections"));
        assertEquals(2, scrape.count("hubchat_rooms"));
        assertEquals(1, scrape.count("hubchat_ready"));
        assertEquals(3, scrape.count("hubchat_send_queue_bytes_gcount"), "one observation per open connection");
        assertEquals(3, scrape.count("hubchat_send_queue_bytes_bucket{le=\"+Inf\"}"));
        assertTrue(scrape.value("hubchat_send_queue_bytes_gsum") >= fx.member(cat).connection().outstandingBytes()
                && fx.member(cat).connection().outstandingBytes() > 0, "the stalled reader owes its welcome");
        for (Disconnect cause : Disconnect.values()) {
            assertTrue(scrape.has("hubchat_disconnects_total{cause=\"" + cause.token() + "\"}"), cause + " from the start");
        }
        fx.hub.stop();
        assertEquals(0, PrometheusText.scrape(metrics().registry()).count("hubchat_ready"));
    }
}
