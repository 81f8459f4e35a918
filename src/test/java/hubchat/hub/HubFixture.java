package hubchat.hub;

import hubchat.identity.Identity;
import hubchat.config.Setting;
import hubchat.config.Settings;
import hubchat.engine.Engine;
import hubchat.engine.MemoryEngine;
import hubchat.protocol.Frames;
import hubchat.protocol.OutboundFrame;
import hubchat.roster.LocalRoster;
import hubchat.roster.Roster;
import hubchat.testing.JsonFrames;
import hubchat.testing.RateLimitsOff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A hub with no container around it, on a clock the test moves by hand ({@link ManualTime}).
 * Nothing here waits for time to pass: what a member has been sent "so far" is fixed by a
 * marker frame its room queues behind everything before it ({@link #framesSoFar}). Rate limits
 * are off unless the fixture is {@link #limited}.
 */
final class HubFixture implements AutoCloseable {
    final ManualTime time = new ManualTime(1_000_000);
    final Settings settings;
    final ChatHub hub;
    private final Map<FakeTransport, Member> members = new ConcurrentHashMap<>();
    /** Numbers the markers and cids this fixture makes up. */
    private final AtomicInteger serial = new AtomicInteger();

    HubFixture() {
        this(Settings.defaults().with(Setting.PRESENCE_WINDOW_MS, 50));
    }

    HubFixture(Settings settings) {
        this(settings, time -> memoryEngine(settings, time));
    }

    /** A hub on the engine {@code engineOn} makes for the fixture's clock. */
    HubFixture(Settings settings, Function<ManualTime, Engine> engineOn) {
        this(settings, engineOn, new LocalRoster());
    }

    /** A hub on that engine and {@code roster}, as if other nodes shared its rooms; its rate limits off. */
    HubFixture(Settings settings, Function<ManualTime, Engine> engineOn, Roster roster) {
        this(roster, RateLimitsOff.apply(settings), engineOn);
    }

    /** The hub with {@code settings} exactly as given. */
    private HubFixture(Roster roster, Settings settings, Function<ManualTime, Engine> engineOn) {
        this.settings = settings;
        this.hub = new ChatHub(settings, engineOn.apply(time), roster, HubExecutors.own(2), time);
    }

    /**
     * A hub on the memory engine with {@code settings} as given, rate limits included (every
     * other fixture turns them off: its tests send as fast as they like).
     */
    static HubFixture limited(Settings settings) {
        return new HubFixture(new LocalRoster(), settings, time -> memoryEngine(settings, time));
    }

    static MemoryEngine memoryEngine(Settings settings, ManualTime time) {
        return new MemoryEngine(settings.historySize(), settings.historyBytes(), settings.roomIdleMillis(), time::now);
    }

    /** Joins with a transport that keeps up. */
    FakeTransport join(String room, String nick) throws InterruptedException {
        return join(room, nick, null, FakeTransport.reading());
    }

    /** Joins with a transport that keeps up, and takes the welcome. */
    FakeTransport joined(String room, String nick) throws InterruptedException {
        FakeTransport t = join(room, nick);
        t.next("welcome");
        return t;
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

    /** Joins as the user {@code identity} proves, asking for {@code nick} too (which the identity overrides). */
    FakeTransport joinAs(String room, Identity identity, String nick) {
        return joinAs(room, identity, nick, null);
    }

    /** {@link #joinAs}, with a resume secret. */
    FakeTransport joinAs(String room, Identity identity, String nick, String secret) {
        FakeTransport t = FakeTransport.reading();
        members.put(t, hub.join(t, room, nick, null, secret, new Admitted("", () -> { }, identity)));
        return t;
    }

    /** The client of {@code t} said goodbye (a close frame). */
    void leave(FakeTransport t) {
        hub.leave(member(t));
    }

    /** The client of {@code t} sent a close frame with {@code code}. */
    void leave(FakeTransport t, int code) {
        hub.leave(member(t), code);
    }

    /** The connection of {@code t} broke without a close frame from its client. */
    void lose(FakeTransport t) {
        hub.lost(member(t));
    }

    Member member(FakeTransport t) {
        return members.get(t);
    }

    /** Posts {@code text} from {@code t} without a cid, and does not wait for it. */
    void say(FakeTransport t, String text) {
        send(t, "{\"type\":\"message\",\"text\":" + JsonFrames.quote(text) + "}");
    }

    /** A text frame from {@code t}'s client, as the endpoint hands it over. */
    void send(FakeTransport t, String frame) {
        hub.receive(member(t), frame);
    }

    /** Posts {@code text} from {@code t} with a cid of its own; returns the sender's copy, the one with that cid. */
    Map<String, Object> post(FakeTransport t, String text) throws InterruptedException {
        String cid = "c" + serial.incrementAndGet();
        send(t, "{\"type\":\"message\",\"text\":" + JsonFrames.quote(text) + ",\"cid\":\"" + cid + "\"}");
        while (true) {
            Map<String, Object> f = t.next("message");
            if (cid.equals(f.get("cid"))) {
                return f;
            }
        }
    }

    /** {@link #post}s {@code texts} from {@code t} in order; returns their ids. */
    List<Object> postAll(FakeTransport t, List<String> texts) throws InterruptedException {
        List<Object> ids = new ArrayList<>();
        for (String text : texts) {
            ids.add(post(t, text).get("id"));
        }
        return ids;
    }

    /**
     * Every frame {@code t}'s room has sent it up to now (everything the events queued so far
     * produced, a flushed presence window included), in order, as written. A marker frame the
     * room sends {@code t} after those events ends the list, so no quiet period decides it.
     * {@code t} must be open.
     */
    List<String> rawFramesSoFar(FakeTransport t) throws InterruptedException {
        Member m = member(t);
        Room room = m.room();
        OutboundFrame marker = Frames.typing("marker-" + serial.incrementAndGet());
        room.submit(() -> room.submit(() -> room.reply(m, marker))); // see settle: two rounds
        List<String> out = new ArrayList<>();
        for (String f = t.nextRaw(); !f.equals(marker.json()); f = t.nextRaw()) {
            out.add(f);
        }
        return out;
    }

    /** {@link #rawFramesSoFar}, parsed. */
    List<Map<String, Object>> framesSoFar(FakeTransport t) throws InterruptedException {
        return rawFramesSoFar(t).stream().map(JsonFrames::parse).toList();
    }

    /** Returns once {@code room} has handled everything queued so far. */
    void settle(Room room) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        // Two rounds: what the events before the first queue as they run (the engine's delivery
        // of a post, a welcome's answer) is queued before the second.
        room.submit(() -> room.submit(done::countDown));
        if (!done.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("room did not settle");
        }
    }

    /**
     * Lets the presence window of {@code t}'s room pass: whatever joins and leaves it had
     * handled are announced (the frames reach the transports as that turn ends; read them with
     * {@link FakeTransport#next} or {@link #framesSoFar}).
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

    /** Stops the hub as a deployment ends: the drain, its timeout passed on the fixture's clock (for readers that stalled), then the stop. */
    @Override
    public void close() {
        hub.drain();
        time.advance(settings.drainMillis());
        hub.stop();
    }
}
