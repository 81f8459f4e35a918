package hubchat.admission;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The open WebSocket connections of each client address and of all together, counted from the
 * handshake on, so that the handshake filter can refuse one too many before the upgrade: no
 * session, member or room is made for it. Each admitted handshake holds an {@link Admission}
 * until its connection ends ({@link Admission#release}).
 *
 * <p>Counts cannot leak: an admission whose handshake did not upgrade is released by the filter
 * that made it; one that upgraded but whose session never opened (the container failed in
 * between) is released {@link #UNOPENED_MILLIS} after it was made, at the next admission; an
 * open one is released when its session ends or when the hub lets go of its member, whichever
 * comes first, and only once. Thread-safe: one lock, held only to count.
 */
public final class Admissions {
    /** How long an admission may wait for its session to open before its place is given back. */
    public static final long UNOPENED_MILLIS = 60_000;

    /** Why a handshake is refused, with its HTTP status. */
    public enum Refusal {
        /** {@code CHAT_MAX_CONNECTIONS_PER_ADDRESS}: 429 Too Many Requests. */
        PER_ADDRESS(429, "too many connections from this address (CHAT_MAX_CONNECTIONS_PER_ADDRESS)"),
        /** {@code CHAT_MAX_CONNECTIONS}: 503 Service Unavailable. */
        TOTAL(503, "the server has as many connections as it allows (CHAT_MAX_CONNECTIONS)");

        private final int status;
        private final String message;

        Refusal(int status, String message) {
            this.status = status;
            this.message = message;
        }

        public int status() {
            return status;
        }

        public String message() {
            return message;
        }
    }

    private final int perAddress;
    private final int total;
    private final LongSupplier clock;
    private final Map<String, Integer> byAddress = new HashMap<>();
    /** Admissions whose session has not opened yet, oldest first. */
    private final LinkedHashSet<Admission> unopened = new LinkedHashSet<>();
    private int open;

    /** {@code perAddress}, {@code total}: 0 for no limit. */
    public Admissions(int perAddress, int total, LongSupplier clock) {
        this.perAddress = perAddress;
        this.total = total;
        this.clock = clock;
    }

    /** Counts a handshake from {@code address}; the admission says whether it was refused. */
    public synchronized Admission admit(String address) {
        long now = clock.getAsLong();
        releaseUnopened(now);
        if (total > 0 && open >= total) {
            return Admission.refused(Refusal.TOTAL);
        }
        int here = byAddress.getOrDefault(address, 0);
        if (perAddress > 0 && here >= perAddress) {
            return Admission.refused(Refusal.PER_ADDRESS);
        }
        byAddress.put(address, here + 1);
        open++;
        Admission a = new Admission(this, address, now);
        unopened.add(a);
        return a;
    }

    /** Connections counted now, all addresses together. */
    public synchronized int open() {
        return open;
    }

    /** Connections counted now for {@code address}. */
    public synchronized int open(String address) {
        return byAddress.getOrDefault(address, 0);
    }

    /** Addresses with a connection counted (the map holds no others). */
    public synchronized int addresses() {
        return byAddress.size();
    }

    synchronized void opened(Admission a) {
        unopened.remove(a);
    }

    synchronized void release(Admission a) {
        unopened.remove(a);
        open--;
        byAddress.computeIfPresent(a.address(), (k, n) -> n == 1 ? null : n - 1);
    }

    private void releaseUnopened(long now) {
        for (Iterator<Admission> it = unopened.iterator(); it.hasNext(); ) {
            Admission a = it.next();
            if (now - a.madeAt() < UNOPENED_MILLIS) {
                return;
            }
            it.remove();
            a.expire();
        }
    }
}
