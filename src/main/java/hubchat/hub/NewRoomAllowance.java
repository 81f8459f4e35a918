package hubchat.hub;

import java.util.HashMap;
import java.util.Map;

/**
 * How many new rooms each client address may make: a token bucket per address, holding at most
 * a burst of rooms and refilled at a rate per minute. A connection joins exactly one room, named
 * in its handshake, and the protocol has no frame to change rooms, so a connection can make at
 * most one room: the address is where making many rooms can be limited.
 *
 * <p>Memory: a bucket is kept only until it has filled up again (a sweep drops full ones), so
 * at most the addresses that made a room within the last burst-divided-by-rate minutes have one.
 * Thread-safe (its own lock: rooms are made on the container's threads).
 */
final class NewRoomAllowance {
    private static final long MILLIS_PER_MINUTE = 60_000;

    private static final class Bucket {
        double rooms;
        long at;
    }

    private final double perMilli;
    private final int burst;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** {@code perMinute} 0: no limit. */
    NewRoomAllowance(int perMinute, int burst) {
        this.perMilli = perMinute / (double) MILLIS_PER_MINUTE;
        this.burst = burst;
    }

    /** Takes one new room from {@code address}'s allowance at {@code now}; false if none is left. */
    synchronized boolean take(String address, long now) {
        if (perMilli == 0) {
            return true;
        }
        Bucket b = buckets.get(address);
        if (b == null) {
            b = new Bucket();
            b.rooms = burst;
            b.at = now;
            buckets.put(address, b);
        }
        refill(b, now);
        if (b.rooms < 1) {
            return false;
        }
        b.rooms -= 1;
        return true;
    }

    /** Forgets the buckets that have filled up again: they are what a new one would be. */
    synchronized void sweep(long now) {
        buckets.values().removeIf(b -> {
            refill(b, now);
            return b.rooms >= burst;
        });
    }

    /** Addresses with a bucket now, for tests of the memory bound. */
    synchronized int tracked() {
        return buckets.size();
    }

    private void refill(Bucket b, long now) {
        if (now > b.at) {
            b.rooms = Math.min(burst, b.rooms + (now - b.at) * perMilli);
            b.at = now;
        }
    }
}
