package hubchat.endpoint;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves a Tyrus session's idle timer onto the hub's timer. Tyrus cancels and schedules that timer
 * again for every inbound message and pong, on the scheduler the session holds: on Payara the
 * managed scheduler, which captures the application's context for every task through a service
 * lookup in synchronized class loaders, on the very threads that read the sockets. On the hub's
 * timer (one managed thread, context set once) the same task costs a queue insertion. The timer
 * still closes an idle session as Tyrus would; only the thread it runs on changes.
 *
 * <p>Best effort, one reflective step: if Tyrus's session has no such fields, it keeps its
 * scheduler (logged once) and only speed differs.
 */
final class TyrusIdleTimer {
    private static final Logger LOG = Logger.getLogger(TyrusIdleTimer.class.getName());

    private static volatile Fields fields;
    private static volatile boolean warned;

    private TyrusIdleTimer() {
    }

    /** Has {@code session} schedule its idle timer on {@code timer} from now on. */
    static void move(Session session, ScheduledExecutorService timer) {
        try {
            Fields f = fields;
            if (f == null) {
                f = new Fields(SessionTransport.field(session.getClass(), "service"),
                        SessionTransport.field(session.getClass(), "idleTimeoutLock"));
                fields = f;
            }
            synchronized (f.lock.get(session)) { // Tyrus reads the scheduler under this lock
                f.service.set(session, timer);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "Tyrus's idle timer could not be moved; it stays on the session's scheduler", e);
            }
        }
    }

    /** Tyrus's session fields: its scheduler, and the lock it schedules the idle timer under. */
    private record Fields(Field service, Field lock) {
    }
}
