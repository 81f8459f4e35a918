package hubchat.hub;

import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.engine.MemoryEngine;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A hub with no container around it, on a clock the test moves by hand ({@link ManualTime}). */
final class HubFixture implements AutoCloseable {
    final ManualTime time = new ManualTime(1_000_000);
    final Settings settings;
    final ChatHub hub;
    private final Map<FakeTransport, Member> members = new ConcurrentHashMap<>();

    HubFixture() {
        this(Settings.defaults().with(Setting.PRESENCE_WINDOW_MS, 50));
    }

    HubFixture(Settings settings) {
        this.settings = settings;
        this.hub = new ChatHub(settings, new MemoryEngine(settings.historySize(), settings.historyBytes(), time::now),
                HubExecutors.own(2), time);
    }

    /** Joins with a transport that keeps up. */
    FakeTransport join(String room, String nick) throws InterruptedException {
        return join(room, nick, null, FakeTransport.reading());
    }

    FakeTransport join(String room, String nick, String since, FakeTransport t) throws InterruptedException {
        Member m = hub.join(t, room, nick, since);
        members.put(t, m);
        return t;
    }

    /** Joins with a resume secret (and a nick, as the chat page sends both), with a transport that keeps up. */
    FakeTransport resume(String room, String nick, String since, String secret) {
        FakeTransport t = FakeTransport.reading();
        members.put(t, hub.join(t, room, nick, since, secret));
        return t;
    }

    /** The connection of {@code t} broke without a close frame from its client. */
    void lose(FakeTransport t) {
        hub.lost(member(t));
    }

    Member member(FakeTransport t) {
        return members.get(t);
    }

    void say(FakeTransport t, String text) {
        hub.receive(member(t), "{\"type\":\"message\",\"text\":\"" + text + "\"}");
    }

    /** Returns once {@code room} has handled everything queued so far. */
    void settle(Room room) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        room.submit(done::countDown);
        if (!done.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("room did not settle");
        }
    }

    /**
     * Lets the presence window of {@code t}'s room pass: whatever joins and leaves it had
     * handled are announced, and the frames are with their transports when this returns.
     */
    void windowPasses(FakeTransport t) throws InterruptedException {
        Room room = member(t).room();
        settle(room);
        time.advance(settings.presenceWindowMillis());
        settle(room);
    }

    /** Keeps {@code room}'s thread busy (nothing else it has queued runs) until the latch is released. */
    CountDownLatch hold(Room room) {
        CountDownLatch release = new CountDownLatch(1);
        room.submit(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    @Override
    public void close() {
        hub.stop();
    }
}
