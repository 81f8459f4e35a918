package hubchat.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: many clients whose connections die while their room is busy. A talker posts
 * message after message into the room (failing the run if it is closed or no longer heard);
 * meanwhile each worker joins it with a small receive
 * buffer, reads its welcome, waits a moment while the server writes to it, and resets its TCP
 * connection (an RST, see {@link RawWebSocket#reset}), over and over, until the time is up.
 */
public final class ResetStorm {
    /** Text of the talker's messages: long enough that writes to a dying client are under way. */
    private static final String TEXT = "x".repeat(500);
    /** Messages the talker sends before it waits for the last one to come back. */
    private static final int BURST = 20;
    /** Longest a worker stays connected before it resets, in milliseconds. */
    private static final int MAX_STAY_MILLIS = 30;

    private ResetStorm() {
    }

    /**
     * Runs the storm against {@code ws://host:port + roomPath} (e.g. {@code /ws/storm}) and
     * returns the number of connections reset.
     */
    public static int run(String host, int port, String roomPath, int workers, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        AtomicInteger resets = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        try (JdkChatClient talker = JdkChatClient.connect(URI.create("ws://" + host + ":" + port + roomPath + "?nick=talker"))) {
            for (int w = 0; w < workers; w++) {
                threads.add(new Thread(() -> reset(host, port, roomPath, end, resets), "reset-storm-" + w));
            }
            threads.forEach(Thread::start);
            // Bursts in a closed loop: the next burst once the last one came back, so the talker
            // never floods its room (CHAT_MAX_PENDING_FRAMES), however slow the server is.
            for (int n = 0; System.nanoTime() < end; n++) {
                String cid = null;
                for (int i = 0; i < BURST; i++) {
                    cid = "storm-" + n + "-" + i;
                    talker.send("{\"type\":\"message\",\"text\":\"" + TEXT + "\",\"cid\":\"" + cid + "\"}");
                }
                String last = cid;
                talker.await(f -> last.equals(f.get("cid")), "the talker's message " + last, Duration.ofSeconds(30));
            }
        } finally {
            for (Thread t : threads) {
                t.join();
            }
        }
        return resets.get();
    }

    private static void reset(String host, int port, String roomPath, long end, AtomicInteger resets) {
        while (System.nanoTime() < end) {
            try {
                RawWebSocket ws = RawWebSocket.connect(host, port, roomPath + "?nick=r", 2048);
                ws.readFrame(Duration.ofSeconds(5));
                Thread.sleep(ThreadLocalRandom.current().nextInt(MAX_STAY_MILLIS));
                ws.reset();
                resets.incrementAndGet();
            } catch (Exception e) {
                // a refused or failed connect is part of a storm; go on
            }
        }
    }
}
