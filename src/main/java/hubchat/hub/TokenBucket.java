package hubchat.hub;

/**
 * A token bucket: holds up to {@code burst} tokens, gains {@code perMinute} tokens a minute
 * (spread evenly over it), and lets a frame through only if the tokens it costs are there.
 * Starts full, so a fresh connection may at once send its whole burst (such as the messages a
 * page re-sends after a reconnect).
 *
 * <p>Time is whatever the caller passes ({@link Timekeeper#now}), so tests move it by hand.
 * Integer arithmetic only: a token is {@link #UNITS_PER_TOKEN} units and the bucket gains
 * {@code perMinute} units a millisecond, so no rounding ever refuses a frame that is due.
 * Not thread-safe: its owner uses it from one thread at a time (a room's turn).
 */
final class TokenBucket {
    /** Units of one token: a minute's milliseconds, so a rate per minute is units per millisecond. */
    private static final long UNITS_PER_TOKEN = 60_000;
    /** A bucket that never refuses: a limit set to 0. */
    static final TokenBucket UNLIMITED = new TokenBucket(0, 0, 0);

    private final long unitsPerMilli;
    private final long capacity;
    private long level;
    private long filledAt;

    private TokenBucket(long perMinute, long burst, long now) {
        this.unitsPerMilli = perMinute;
        this.capacity = burst * UNITS_PER_TOKEN;
        this.level = capacity;
        this.filledAt = now;
    }

    /** A full bucket of {@code burst} tokens, gaining {@code perSecond} a second; unlimited if either is 0. */
    static TokenBucket perSecond(int perSecond, int burst, long now) {
        return perMinute(perSecond * 60L, burst, now);
    }

    /** A full bucket of {@code burst} tokens, gaining {@code perMinute} a minute; unlimited if either is 0. */
    static TokenBucket perMinute(long perMinute, int burst, long now) {
        return perMinute == 0 || burst == 0 ? UNLIMITED : new TokenBucket(perMinute, burst, now);
    }

    boolean isUnlimited() {
        return capacity == 0;
    }

    /**
     * Takes {@code cost} tokens at {@code now} and returns 0, or takes nothing and returns the
     * milliseconds until they will be there (at least 1). A cost over the burst costs the whole
     * burst, so that every frame can pass once the bucket is full.
     */
    long take(int cost, long now) {
        if (isUnlimited()) {
            return 0;
        }
        refill(now);
        long units = Math.min(capacity, cost * UNITS_PER_TOKEN);
        if (level >= units) {
            level -= units;
            return 0;
        }
        return Math.max(1, (units - level + unitsPerMilli - 1) / unitsPerMilli);
    }

    private void refill(long now) {
        long elapsed = now - filledAt;
        if (elapsed <= 0) {
            return; // a clock that went back gives nothing, and takes nothing away
        }
        filledAt = now;
        // elapsed * unitsPerMilli cannot overflow before the bucket is full: cap the time first.
        long fullAfter = (capacity - level + unitsPerMilli - 1) / unitsPerMilli;
        level = elapsed >= fullAfter ? capacity : level + elapsed * unitsPerMilli;
    }
}
