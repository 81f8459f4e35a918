package hubchat.admission;

import hubchat.identity.Identity;

/**
 * One handshake's place under the connection limits ({@link Admissions}), from the handshake
 * filter to the end of its connection; or a refusal, which holds no place. It also carries what
 * else the filter found of the handshake for the endpoint: the user it proves. It goes from the
 * filter to the endpoint through {@link #handOver}/{@link #takeHandedOver}: the container runs
 * the handshake's endpoint configuration on the filter's own thread, inside the filter chain.
 */
public final class Admission {
    private static final ThreadLocal<Admission> HANDED_OVER = new ThreadLocal<>();

    private enum State { HELD, OPEN, RELEASED }

    private final Admissions owner;
    private final String address;
    private final long madeAt;
    private final Admissions.Refusal refusal;
    /** Guarded by {@code owner}. */
    private State state;
    /** The user the filter found the handshake proves; null if none (the server checks no identity). */
    private volatile Identity identity;

    Admission(Admissions owner, String address, long madeAt) {
        this.owner = owner;
        this.address = address;
        this.madeAt = madeAt;
        this.refusal = null;
        this.state = State.HELD;
    }

    private Admission(Admissions.Refusal refusal) {
        this.owner = null;
        this.address = "";
        this.madeAt = 0;
        this.refusal = refusal;
        this.state = State.RELEASED;
    }

    static Admission refused(Admissions.Refusal refusal) {
        return new Admission(refusal);
    }

    /** Why the handshake is refused; null if it was admitted. */
    public Admissions.Refusal refusal() {
        return refusal;
    }

    /**
     * Records the user the handshake proves, so that the endpoint takes it from here instead of
     * checking the handshake again (a token could expire in between).
     */
    public void proves(Identity user) {
        identity = user;
    }

    /** The user the handshake proves, as the filter found; null if none. */
    public Identity identity() {
        return identity;
    }

    /** The client address it is counted under. */
    public String address() {
        return address;
    }

    long madeAt() {
        return madeAt;
    }

    /** Its session opened: it stays counted until {@link #release}. False if it was given back meanwhile. */
    public boolean open() {
        if (owner == null) {
            return false;
        }
        synchronized (owner) {
            if (state != State.HELD) {
                return false;
            }
            state = State.OPEN;
            owner.opened(this);
            return true;
        }
    }

    /** Gives its place back: its handshake did not upgrade, or its connection ended. Only the first call counts. */
    public void release() {
        if (owner == null) {
            return;
        }
        synchronized (owner) {
            if (state == State.RELEASED) {
                return;
            }
            state = State.RELEASED;
            owner.release(this);
        }
    }

    /** Its session did not open in time (called by the owner, under its lock, already out of its waiting list). */
    void expire() {
        if (state == State.HELD) {
            state = State.RELEASED;
            owner.release(this);
        }
    }

    /** Whether its session has opened and not ended. */
    public boolean isOpen() {
        if (owner == null) {
            return false;
        }
        synchronized (owner) {
            return state == State.OPEN;
        }
    }

    /** Makes {@code a} the admission of the handshake this thread runs (null: none). */
    public static void handOver(Admission a) {
        if (a == null) {
            HANDED_OVER.remove();
        } else {
            HANDED_OVER.set(a);
        }
    }

    /** The admission the filter handed over on this thread, taken (null if none). */
    public static Admission takeHandedOver() {
        Admission a = HANDED_OVER.get();
        HANDED_OVER.remove();
        return a;
    }
}
