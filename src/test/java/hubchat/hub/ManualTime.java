package hubchat.hub;

import java.util.PriorityQueue;

/**
 * A {@link Timekeeper} for tests: time stands still until the test moves it with
 * {@link #advance}, which runs every task that falls due on the way, in order, on the test's
 * thread, with the clock set to each task's time. Presence windows, seat holds, idle rooms and
 * liveness sweeps thus happen exactly when a test says, never because a machine was slow.
 */
public final class ManualTime implements Timekeeper {

    private record Task(long due, long seq, long period, Runnable run) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    public ManualTime(long start) {
        this.now = start;
    }

    @Override
    public synchronized long now() {
        return now;
    }

    @Override
    public synchronized void schedule(Runnable task, long delayMillis) {
        tasks.add(new Task(now + delayMillis, seq++, 0, task));
    }

    @Override
    public synchronized void every(Runnable task, long periodMillis) {
        tasks.add(new Task(now + periodMillis, seq++, periodMillis, task));
    }

    /** Moves the clock {@code millis} on, running each task that falls due on the way. */
    public void advance(long millis) {
        long until;
        synchronized (this) {
            until = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > until) {
                    now = until;
                    return;
                }
                tasks.poll();
                now = next.due;
                if (next.period > 0) {
                    tasks.add(new Task(next.due + next.period, seq++, next.period, next.run));
                }
            }
            next.run.run(); // outside the lock: a task may schedule another
        }
    }
}
