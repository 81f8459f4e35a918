package hubchat.container;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import hubchat.testing.RawWebSocket;
import hubchat.testing.ServerJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers that stop reading, on the real containers: they must delay no one else, in their room
 * or any other, and must be closed before they cost more memory than the send-queue limit
 * (1 MiB each by default). The stalled readers are raw sockets with a 4 KiB receive buffer that
 * never read after the upgrade, so the server's writes to them stall within a few hundred KB.
 */
class StalledReadersIT extends OnContainer {
    /** Text of each busy-room message: about 1.5 KB on the wire. */
    private static final String FILLER = "x".repeat(1400);
    /** A busy sender waits for its own copy of every this many messages (the flood limit is 256). */
    private static final int SENDER_WINDOW = 16;
    /** The server's default CHAT_SEND_QUEUE_BYTES. */
    private static final long SEND_QUEUE_BYTES = 1 << 20;
    /** How long a stalled reader may stay open while its room keeps sending to it. */
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(60);

    @Test
    void stalledReadersInBusyRoomsDoNotDelayAQuietRoom() throws Exception {
        String quiet = room("quiet");
        List<String> busy = List.of(room("busy"), room("busy"));
        List<RawWebSocket> stalled = new ArrayList<>();
        List<Blaster> blasters = new ArrayList<>();
        try (JdkChatClient writer = join(quiet, "writer"); JdkChatClient reader = join(quiet, "reader")) {
            int before = connections();
            for (String room : busy) {
                for (int i = 0; i < 10; i++) {
                    stalled.add(stall(room, "stalled" + i));
                }
                blasters.add(Blaster.start(join(room, "sender")));
            }
            Thread.sleep(1500); // the stalled readers' sockets fill up

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                long sent = System.nanoTime();
                String text = "q" + i;
                writer.send(message(text));
                reader.await(f -> text.equals(f.get("text")), "quiet message " + text, WAIT);
                latencies.add((System.nanoTime() - sent) / 1_000_000);
                Thread.sleep(Math.max(0, 50 - (System.nanoTime() - sent) / 1_000_000));
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            long p50 = sorted.get(sorted.size() / 2);
            long p95 = sorted.get(sorted.size() * 95 / 100 - 1);
            long max = sorted.get(sorted.size() - 1);
            System.out.println("quiet room latency ms while 20 readers stall: p50 " + p50 + ", p95 " + p95 + ", max " + max
                    + ", all " + latencies + "; busy rooms sent " + Blaster.total(blasters) + " messages");
            // A reader that held up others would delay most messages, each until its write gave up.
            // The default store commits each message to disk, and on a busy machine one commit in a
            // few dozen can take several hundred ms: the top two are that disk's, not the readers'.
            assertTrue(p50 <= 100, "quiet room p50 " + p50 + " ms: " + latencies);
            assertTrue(p95 <= 500, "quiet room p95 " + p95 + " ms: " + latencies);
            assertTrue(max <= 2_000, "quiet room max " + max + " ms: " + latencies);

            awaitConnections(before + blasters.size(), "the 20 stalled readers closed");
            for (Blaster b : blasters) {
                assertTrue(b.failure.get() == null, "a busy sender failed: " + b.failure.get());
            }
        } finally {
            Blaster.stopAll(blasters);
            closeAll(stalled);
        }
    }

    @Test
    void stalledReadersAreClosedAndServerMemoryStaysBounded() throws Exception {
        String busy = room("busy");
        ServerJvm server = ServerJvm.listeningOn(base.getPort());
        List<RawWebSocket> stalled = new ArrayList<>();
        Blaster blaster = null;
        try {
            long baseline = server.liveHeapBytes();
            int before = connections();
            for (int i = 0; i < 50; i++) {
                stalled.add(stall(busy, "stalled" + i));
            }
            blaster = Blaster.start(join(busy, "sender"));
            long peak = 0;
            long deadline = System.nanoTime() + CLOSE_WITHIN.toNanos();
            while (connections() > before + 1) {
                if (System.nanoTime() > deadline) {
                    fail((connections() - before - 1) + " of 50 stalled readers still open after " + CLOSE_WITHIN
                            + " and " + blaster.sent.get() + " messages; live heap grew by "
                            + (server.liveHeapBytes() - baseline) / 1024 + " KB");
                }
                peak = Math.max(peak, server.liveHeapBytes() - baseline);
                Thread.sleep(500);
            }
            long after = server.liveHeapBytes() - baseline;
            System.out.println("50 stalled readers closed after " + blaster.sent.get() + " messages; live heap over "
                    + "baseline: peak seen " + peak / 1024 + " KB, after the closes " + after / 1024 + " KB");
            long ceiling = 50 * SEND_QUEUE_BYTES * 2 + (64 << 20);
            assertTrue(peak <= ceiling, "live heap grew by " + peak / 1024 + " KB, over " + ceiling / 1024 + " KB");
            assertTrue(after <= 32 << 20, "closed readers still hold " + after / 1024 + " KB");
            assertTrue(blaster.failure.get() == null, "the busy sender failed: " + blaster.failure.get());
        } finally {
            if (blaster != null) {
                Blaster.stopAll(List.of(blaster));
            }
            closeAll(stalled);
        }
    }

    /**
     * A client posting ~1.5 KB messages into a room as fast as the room takes them, on its own
     * thread, until stopped; it reads its own copies, so it is never a slow consumer itself.
     */
    private static final class Blaster implements Runnable {
        final JdkChatClient client;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong sent = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread;

        private Blaster(JdkChatClient client) {
            this.client = client;
            this.thread = new Thread(this, "blaster");
            thread.setDaemon(true);
        }

        static Blaster start(JdkChatClient client) {
            Blaster b = new Blaster(client);
            b.thread.start();
            return b;
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    String last = null;
                    for (int i = 0; i < SENDER_WINDOW; i++) {
                        last = sent.incrementAndGet() + " " + FILLER;
                        client.send(message(last));
                    }
                    String awaited = last;
                    client.await(f -> "message".equals(JsonFrames.type(f)) && awaited.equals(f.get("text")),
                            "own message", WAIT);
                    while (client.poll(Duration.ZERO) != null) {
                        // drop the rest: only the newest copy was awaited
                    }
                }
            } catch (Throwable t) {
                if (!stop.get()) {
                    failure.set(t);
                }
            }
        }

        static long total(List<Blaster> blasters) {
            return blasters.stream().mapToLong(b -> b.sent.get()).sum();
        }

        static void stopAll(List<Blaster> blasters) throws InterruptedException {
            for (Blaster b : blasters) {
                b.stop.set(true);
            }
            for (Blaster b : blasters) {
                b.thread.join(WAIT.toMillis());
                b.client.close();
            }
        }
    }

    private RawWebSocket stall(String room, String nick) throws IOException {
        return RawWebSocket.connect("localhost", base.getPort(), base.getPath() + "ws/" + room + "?nick=" + nick, 4096);
    }

    private JdkChatClient join(String room, String nick) throws Exception {
        URI ws = URI.create(base.resolve("ws/" + room + "?nick=" + nick).toString().replaceFirst("^http", "ws"));
        JdkChatClient c = JdkChatClient.connect(ws);
        c.awaitType("welcome", WAIT);
        return c;
    }

    private int connections() throws IOException, InterruptedException {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(base.resolve("health")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> json = JsonFrames.parse(health.body());
        return ((Number) json.get("connections")).intValue();
    }

    private void awaitConnections(int expected, String what) throws Exception {
        long deadline = System.nanoTime() + CLOSE_WITHIN.toNanos();
        int now;
        while ((now = connections()) != expected) {
            if (System.nanoTime() > deadline) {
                fail(what + ": " + now + " connections open after " + CLOSE_WITHIN + ", expected " + expected);
            }
            Thread.sleep(200);
        }
    }

    private static String room(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String message(String text) {
        return "{\"type\":\"message\",\"text\":\"" + text + "\"}";
    }

    private static void closeAll(List<RawWebSocket> sockets) {
        for (RawWebSocket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
