package hubchat.bench;

/**
 * The token every message carries, the same as wsload's:
 * {@code W5L<run>.<sender>.<seq>.<sendns>.} (lower-case hex fields; {@code <run>} is 6 digits,
 * {@code <sendns>} the sender's {@link MonoClock}). Writes tokens into messages, and finds every
 * token in a received frame (a hand-written scan, no JSON parse; several in one frame all count).
 */
final class Tokens {

    /** What every token starts with. */
    static final String MARK = "W5L";
    /** A numeric field has at most this many hex digits. */
    private static final int MAX_DIGITS = 15;

    private Tokens() {
    }

    /** The part of a token that is the same for all of one sender's messages in one phase. */
    static String prefix(Phase phase, int sender) {
        return MARK + phase.runId + "." + Long.toHexString(sender) + ".";
    }

    /** Appends the token of message {@code seq}, sent at {@code sentAt}, to {@code sb}. */
    static void append(StringBuilder sb, String prefix, long seq, long sentAt) {
        sb.append(prefix).append(Long.toHexString(seq)).append('.').append(Long.toHexString(sentAt)).append('.');
    }

    /**
     * Finds every token in {@code a[off, off+len)}, received at {@code now} by client {@code self},
     * and counts it in {@code st} (and, in the closed loop, in its sender's window).
     */
    static void scan(char[] a, int off, int len, long now, int self, Phase phase, ReceiveStats st) {
        char[] run = phase.run;
        st.frames++;
        st.chars += len;
        boolean found = false;
        int end = off + len;
        int pos = off;
        long[] fields = new long[3];
        while (true) {
            int k = indexOfMark(a, pos, end);
            if (k < 0) break;
            int p = k + MARK.length();
            pos = p;
            if (end - p < 7) break;
            if (a[p] != run[0] || a[p + 1] != run[1] || a[p + 2] != run[2] || a[p + 3] != run[3]
                    || a[p + 4] != run[4] || a[p + 5] != run[5] || a[p + 6] != '.') {
                if (a[p + 6] == '.') st.foreign++;
                continue;
            }
            int after = hexFields(a, p + 7, end, fields);
            if (after < 0) continue;
            pos = after;
            found = true;
            long sender = fields[0], seq = fields[1], sentAt = fields[2];
            boolean own = sender == self;
            if (!own && phase.closedLoop && sender < phase.windows.length) phase.windows[(int) sender].received(seq);
            st.delivered(phase, own, sentAt, now);
        }
        if (!found) st.noToken++;
    }

    private static int indexOfMark(char[] a, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (a[i] == 'W' && a[i + 1] == '5' && a[i + 2] == 'L') return i;
        }
        return -1;
    }

    /**
     * Reads {@code out.length} hex fields from {@code a[p, end)}, each 1 to 15 digits and ended by
     * '.'; returns the index after the last '.', or -1 if they are not there.
     */
    private static int hexFields(char[] a, int p, int end, long[] out) {
        for (int field = 0; field < out.length; field++) {
            long v = 0;
            int j = p;
            while (j < end && j - p <= MAX_DIGITS) {
                char c = a[j];
                if (c >= '0' && c <= '9') v = v << 4 | (c - '0');
                else if (c >= 'a' && c <= 'f') v = v << 4 | (c - 'a' + 10);
                else break;
                j++;
            }
            if (j == p || j >= end || j - p > MAX_DIGITS || a[j] != '.') return -1;
            out[field] = v;
            p = j + 1;
        }
        return p;
    }
}
