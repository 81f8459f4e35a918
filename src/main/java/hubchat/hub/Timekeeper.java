package hubchat.hub;

/**
 * The hub's sense of time: what time it is, and running something later. The application
 * gives the hub {@link SystemTimekeeper}; hub tests give it a clock they move by hand, so that
 * presence windows, seat holds, idle rooms and liveness play out exactly, without sleeping.
 *
 * <p>Tasks run on the timekeeper's thread and must only hand work on (submit to a room, close a
 * connection), never block. A task that throws is logged and does not stop later ones.
 */
public interface Timekeeper {

    /** Milliseconds since the epoch. */
    long now();

    /** Runs {@code task} once, {@code delayMillis} from now; dropped if the hub has stopped. */
    void schedule(Runnable task, long delayMillis);

    /** Runs {@code task} every {@code periodMillis}, the first time one period from now. */
    void every(Runnable task, long periodMillis);
}
