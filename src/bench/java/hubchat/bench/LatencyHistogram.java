package hubchat.bench;

/**
 * Latencies in microseconds, merged from every client's {@link Recorder}, and their percentiles.
 * Log-linear buckets, the same as wsload's: exact below 256 us, then 128 buckets per power of two
 * (under 0.8 % relative error); the maximum is exact.
 */
final class LatencyHistogram {

    /** Values below this have a bucket each. */
    private static final int EXACT = 256;
    /** Buckets per power of two above {@link #EXACT}. */
    private static final int PER_OCTAVE = 128;
    /** Enough buckets for any non-negative long. */
    static final int BUCKETS = 64 * PER_OCTAVE + EXACT;

    private final long[] counts = new long[BUCKETS];
    /** How many values, their sum and their maximum. */
    long n;
    double sum;
    long max;

    static int bucket(long us) {
        long v = Math.max(0, us);
        if (v < EXACT) return (int) v;
        int shift = 64 - Long.numberOfLeadingZeros(v) - 8;
        return shift * PER_OCTAVE + (int) (v >>> shift);
    }

    /** The middle of bucket {@code i}. */
    static double middle(int i) {
        if (i < EXACT) return i;
        int shift = i / PER_OCTAVE - 1;
        long m = i % PER_OCTAVE + PER_OCTAVE;
        long lo = m << shift;
        return lo + (double) (1L << shift) / 2;
    }

    void merge(Recorder r) {
        if (r.counts == null) return;
        for (int i = 0; i < BUCKETS; i++) counts[i] += r.counts[i];
        mergeTotals(r.n, r.sum, r.max);
    }

    void merge(LatencyHistogram h) {
        for (int i = 0; i < BUCKETS; i++) counts[i] += h.counts[i];
        mergeTotals(h.n, h.sum, h.max);
    }

    private void mergeTotals(long otherN, double otherSum, long otherMax) {
        n += otherN;
        sum += otherSum;
        max = Math.max(max, otherMax);
    }

    /** The {@code p}-th percentile (0..100): the middle of its bucket, at most the maximum; NaN if empty. */
    double percentile(double p) {
        if (n == 0) return Double.NaN;
        long want = Math.max(1, (long) Math.ceil(p / 100 * n));
        long acc = 0;
        for (int i = 0; i < BUCKETS; i++) {
            acc += counts[i];
            if (acc >= want) return Math.min(middle(i), max);
        }
        return max;
    }

    /** One client's latencies, written by that client's listener only; the buckets are allocated on the first value. */
    static final class Recorder {
        private int[] counts;
        long n;
        double sum;
        long max;

        void add(long us) {
            if (counts == null) counts = new int[BUCKETS];
            counts[bucket(us)]++;
            n++;
            sum += us;
            if (us > max) max = us;
        }
    }
}
