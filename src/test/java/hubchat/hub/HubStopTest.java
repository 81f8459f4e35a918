package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.config.Settings;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HubStopTest {

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
}
