package hubchat.hub;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The threads the hub runs on: pools the hub owns and shuts down, a fixed number of threads for
 * rooms and as many for writing to sockets, a few for closes and one timer, each fed by its
 * {@link java.util.concurrent.LinkedBlockingQueue}. On a Jakarta EE server (Payara, GlassFish,
 * WildFly...) their threads are managed ones, made by the container's
 * {@code java:comp/DefaultManagedThreadFactory} with the application's context set once per
 * thread; elsewhere (Tomcat) plain daemon threads. The factory is looked up by its standard JNDI
 * name and used as the JDK {@link ThreadFactory} it extends, so no Jakarta Concurrency type is
 * ever loaded on Tomcat.
 *
 * <p>Not the container's {@code ManagedExecutorService}: it captures and restores the
 * application's context for every task, and a room turn or a writer's share of a fan-out is a
 * task. On Payara each capture is a service lookup through synchronized class loaders, which the
 * threads that read sockets wait for too (docs/performance.md, "Payara: whose cost").
 */
public final class HubExecutors {
    private static final Logger LOG = Logger.getLogger(HubExecutors.class.getName());
    static final String MANAGED_THREADS = "java:comp/DefaultManagedThreadFactory";

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

    /** Pools of the container's managed threads if it makes them, else {@link #own(int)}. */
    public static HubExecutors forContainer(int threads) {
        ThreadFactory managedThreads;
        try {
            managedThreads = (ThreadFactory) new InitialContext().lookup(MANAGED_THREADS);
        } catch (NamingException | ClassCastException | NoClassDefFoundError e) {
            LOG.info("hub executor: own (" + threads + " threads; no " + MANAGED_THREADS + ")");
            return own(threads);
        }
        LOG.info("hub executor: managed (" + threads + " threads from " + MANAGED_THREADS + ")");
        return pools(threads, managedThreads, true);
    }

    /**
     * Pools of plain daemon threads owned by the hub: {@code threads} for rooms and as many for
     * writing to sockets, a small pool for closes, one timer thread.
     */
    public static HubExecutors own(int threads) {
        return pools(threads, Thread::new, false);
    }

    private static HubExecutors pools(int threads, ThreadFactory base, boolean managed) {
        return new HubExecutors(Executors.newFixedThreadPool(threads, named(base, "hubchat-hub-")),
                Executors.newFixedThreadPool(threads, named(base, "hubchat-write-")), threads,
                Executors.newFixedThreadPool(CLOSER_THREADS, named(base, "hubchat-close-")),
                timer(named(base, "hubchat-timer-")), managed);
    }

    /**
     * One timer thread. Tyrus cancels and schedules a session's idle timer here for every inbound
     * message ({@code TyrusIdleTimer}): a cancelled task leaves the queue at once, and once the
     * hub has stopped a task is dropped rather than refused, as a refusal would be thrown inside
     * Tyrus's reading of a message.
     */
    private static ScheduledExecutorService timer(ThreadFactory threads) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads, new ThreadPoolExecutor.DiscardPolicy());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
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

    /** Stops the hub's pools; closes still asked for after this run inline. */
    public void shutdown() {
        stopped = true;
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

    /** Threads of {@code base}, named for what they run; daemons, so none keeps a JVM up. */
    private static ThreadFactory named(ThreadFactory base, String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
