package hubchat.hub;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The threads the hub runs on: the container's managed executors where it has them (Payara,
 * GlassFish, WildFly...), otherwise JDK executors that the hub owns and shuts down (Tomcat).
 * Managed executors are looked up by their standard JNDI names and used through the JDK
 * interfaces they extend, so no Jakarta Concurrency type is ever loaded on Tomcat.
 */
public final class HubExecutors {
    private static final Logger LOG = Logger.getLogger(HubExecutors.class.getName());
    static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedExecutorService";
    static final String MANAGED_SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";

    /** Threads of the own executor that closes sockets (a close may block on a stuck peer). */
    private static final int CLOSER_THREADS = 2;

    private final ExecutorService work;
    private final ExecutorService writer;
    private final int writerThreads;
    private final ExecutorService closer;
    private final ScheduledExecutorService timer;
    private final boolean managed;
    private volatile boolean stopped;

    private HubExecutors(ExecutorService work, ExecutorService writer, int writerThreads, ExecutorService closer,
                         ScheduledExecutorService timer, boolean managed) {
        this.work = work;
        this.writer = writer;
        this.writerThreads = writerThreads;
        this.closer = closer;
        this.timer = timer;
        this.managed = managed;
    }

    /** The container's managed executors if it has them, else {@link #own(int)}. */
    public static HubExecutors forContainer(int threadsIfOwn) {
        try {
            InitialContext jndi = new InitialContext();
            ExecutorService work = (ExecutorService) jndi.lookup(MANAGED_EXECUTOR);
            ScheduledExecutorService timer = (ScheduledExecutorService) jndi.lookup(MANAGED_SCHEDULER);
            int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
            HubExecutors executors = new HubExecutors(work, work, parallelism, work, timer, true);
            LOG.info("hub executor: managed (" + MANAGED_EXECUTOR + ")");
            return executors;
        } catch (NamingException | ClassCastException | NoClassDefFoundError e) {
            HubExecutors executors = own(threadsIfOwn);
            LOG.info("hub executor: own (" + threadsIfOwn + " threads; no " + MANAGED_EXECUTOR + ")");
            return executors;
        }
    }

    /**
     * JDK executors owned by the hub: {@code threads} for rooms and as many for writing to
     * sockets, a small pool for closes, one timer thread.
     */
    public static HubExecutors own(int threads) {
        return new HubExecutors(Executors.newFixedThreadPool(threads, daemons("hubchat-hub-")),
                Executors.newFixedThreadPool(threads, daemons("hubchat-write-")), threads,
                Executors.newFixedThreadPool(CLOSER_THREADS, daemons("hubchat-close-")),
                Executors.newSingleThreadScheduledExecutor(daemons("hubchat-timer-")), false);
    }

    /** Runs a room's turn. */
    public void runRoom(Runnable turn) {
        submit(work, turn);
    }

    /** Writes queued frames to sockets: never on a room's thread. */
    public void write(Runnable task) {
        submit(writer, task);
    }

    /**
     * Closes a socket apart from the rooms' threads, as closing a socket whose peer stopped
     * reading can block until the container's send timeout. Once stopped, closes inline.
     */
    public void close(Runnable close) {
        try {
            closer.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }

    /** How many writer tasks may usefully run at once: a room splits its fan-out into as many. */
    public int writerThreads() {
        return writerThreads;
    }

    /** The scheduler behind the hub's {@link SystemTimekeeper}. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** "managed" or "own": what the health endpoint and the logs report. */
    public String kind() {
        return managed ? "managed" : "own";
    }

    /** Stops executors the hub owns; managed ones belong to the container and are left alone. */
    public void shutdown() {
        stopped = true;
        if (managed) {
            return;
        }
        timer.shutdownNow();
        ExecutorService[] pools = {work, writer, closer};
        for (ExecutorService pool : pools) {
            pool.shutdown();
        }
        try {
            for (ExecutorService pool : pools) {
                if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            for (ExecutorService pool : pools) {
                pool.shutdownNow();
            }
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Work refused once the hub has stopped is dropped: it was for connections being closed.
     * Refused before that, it is a bug (or a container out of threads) and must be seen.
     */
    private void submit(ExecutorService pool, Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                throw e;
            }
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
