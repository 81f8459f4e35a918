package hubchat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.config.Settings;
import hubchat.engine.MemoryEngine;
import hubchat.hub.ChatHub;
import hubchat.hub.HubExecutors;
import hubchat.hub.ManualTime;
import hubchat.web.ProbeServlet.Answer;
import org.junit.jupiter.api.Test;

/** The probes' statuses and bodies through a hub's life: starting, ready, draining, stopped. */
class ProbeServletTest {

    @Test
    void beforeTheHubIsMadeItIsNotReadyStartingAndNotLive() {
        assertEquals(new Answer(503, "{\"status\":\"not_ready\",\"reason\":\"starting\"}"), ProbeServlet.answer(null, ProbeServlet.READY));
        assertEquals(new Answer(503, "{\"status\":\"not_live\",\"reason\":\"starting\"}"), ProbeServlet.answer(null, ProbeServlet.LIVE));
    }

    @Test
    void aRunningHubIsReadyAndLiveThenDrainingAndStillLiveThenStoppedAndNeither() {
        Settings settings = Settings.defaults();
        ManualTime time = new ManualTime(0);
        ChatHub hub = new ChatHub(settings, new MemoryEngine(settings.historySize(), settings.historyBytes(),
                settings.roomIdleMillis(), time::now), HubExecutors.own(2), time);
        assertEquals(new Answer(200, "{\"status\":\"ready\"}"), ProbeServlet.answer(hub, ProbeServlet.READY));
        assertEquals(new Answer(200, "{\"status\":\"live\"}"), ProbeServlet.answer(hub, ProbeServlet.LIVE));
        hub.drain();
        assertEquals(new Answer(503, "{\"status\":\"not_ready\",\"reason\":\"draining\"}"), ProbeServlet.answer(hub, ProbeServlet.READY));
        assertEquals(new Answer(200, "{\"status\":\"live\"}"), ProbeServlet.answer(hub, ProbeServlet.LIVE), "a drain must not restart the node");
        hub.stop();
        assertEquals(new Answer(503, "{\"status\":\"not_ready\",\"reason\":\"stopped\"}"), ProbeServlet.answer(hub, ProbeServlet.READY));
        assertEquals(new Answer(503, "{\"status\":\"not_live\",\"reason\":\"stopped\"}"), ProbeServlet.answer(hub, ProbeServlet.LIVE));
    }
}
