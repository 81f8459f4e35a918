package hubchat.bench;

import hubchat.engine.Appended;
import hubchat.store.Database;
import hubchat.store.JdbcEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How fast the history store stores, without the network: {@code senders} threads append to
 * {@code rooms} rooms through {@link JdbcEngine}, each keeping {@code window} appends waiting for
 * their commit, for {@code seconds}; prints messages stored per second and the latency from
 * the append to its acknowledgement (which comes after the commit), per run and as medians.
 *
 * <pre>
 * java -cp ... hubchat.bench.StoreBench [--runs 3] [--seconds 10] [--senders 10] [--window 2]
 *     [--rooms 1] [--db jdbc:postgresql://... --user U --password P]   (default: embedded HSQLDB in a temp folder)
 * </pre>
 */
public final class StoreBench {

    public static void main(String[] args) throws Exception {
        int runs = intArg(args, "--runs", 3);
        int seconds = intArg(args, "--seconds", 10);
        int senders = intArg(args, "--senders", 10);
        int window = intArg(args, "--window", 2);
        int rooms = intArg(args, "--rooms", 1);
        String url = arg(args, "--db", null);
        List<double[]> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("hubchat-store-bench");
            Database db = url == null ? Database.embedded(dir) : Database.url(url, arg(args, "--user", ""), arg(args, "--password", ""));
            JdbcEngine engine = new JdbcEngine(db, 1000, 262_144, 600_000, 100_000, 0, System::currentTimeMillis);
            try {
                double[] r = run(engine, seconds, senders, window, rooms);
                results.add(r);
                System.out.printf("run %d: %,.0f messages/s, ack latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f (%s)%n",
                        run, r[0], r[1], r[2], r[3], r[4], db.description());
            } finally {
                engine.close();
            }
        }
        System.out.printf("median of %d: %,.0f messages/s, p50 %.2f ms, p99 %.2f ms (%d senders, window %d, %d rooms)%n",
                runs, median(results, 0), median(results, 1), median(results, 3), senders, window, rooms);
    }

    /** {messages/s, p50, p90, p99, max} for one run. */
    private static double[] run(JdbcEngine engine, int seconds, int senders, int window, int rooms) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long>[] latencies = new List[senders];
        CountDownLatch done = new CountDownLatch(senders);
        for (int s = 0; s < senders; s++) {
            int id = s;
            latencies[s] = new ArrayList<>();
            Thread t = new Thread(() -> {
                Semaphore slots = new Semaphore(window);
                String room = "bench-" + (id % rooms);
                String text = "x".repeat(100);
                long n = 0;
                try {
                    while (!stop.get()) {
                        slots.acquire();
                        long start = System.nanoTime();
                        boolean counted = measuring.get();
                        CompletableFuture<Appended> f = engine.append(room, "s" + id, null, "o" + id, text, "c" + id + "-" + n++)
                                .toCompletableFuture();
                        f.whenComplete((a, e) -> {
                            if (counted && e == null) {
                                synchronized (latencies[id]) {
                                    latencies[id].add(System.nanoTime() - start);
                                }
                            }
                            slots.release();
                        });
                    }
                    slots.acquire(window); // the last ones answered
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "sender-" + s);
            t.start();
        }
        Thread.sleep(2_000); // warm-up
        measuring.set(true);
        long from = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        measuring.set(false);
        long took = System.nanoTime() - from;
        stop.set(true);
        done.await(30, TimeUnit.SECONDS);
        long[] all = Arrays.stream(latencies).flatMap(l -> {
            synchronized (l) {
                return new ArrayList<>(l).stream();
            }
        }).mapToLong(Long::longValue).sorted().toArray();
        double perSecond = all.length / (took / 1e9);
        return new double[] {perSecond, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6};
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    private static double median(List<double[]> runs, int i) {
        double[] v = runs.stream().mapToDouble(r -> r[i]).sorted().toArray();
        return v[v.length / 2];
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, String.valueOf(fallback)));
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
