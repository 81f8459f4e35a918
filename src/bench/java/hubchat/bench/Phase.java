package hubchat.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One sending phase (a run, or one saturation step): its own run id in every token, so that late
 * tokens of an earlier step count as foreign, its measurement window on the {@link MonoClock},
 * and in the closed loop one {@link Window} per sender.
 */
final class Phase {

    /** Messages tracked per sender in the closed loop (a power of two: a sequence number's slot is seq & (RING - 1)). */
    static final int RING = 4096;
    /** The largest --window: well inside the ring, so a slot is never reused while its message is in flight. */
    static final int MAX_WINDOW = RING / 4;
    /** Bits of the run id (6 hex digits). */
    private static final int RUN_ID_BITS = 24;

    /** The run id: 6 lower-case hex digits. */
    final String runId;
    /** {@link #runId} as chars, for the receive scan. */
    final char[] run;
    /** Per sender, in the closed loop (empty otherwise). */
    final Window[] windows;
    final boolean closedLoop;
    /** Start and end of the measurement window ({@link MonoClock#now()}); never, until the step sets them. */
    volatile long measureStart = Long.MAX_VALUE;
    volatile long measureEnd = Long.MAX_VALUE;

    Phase(int senders, boolean closedLoop) {
        runId = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << RUN_ID_BITS));
        run = runId.toCharArray();
        this.closedLoop = closedLoop;
        windows = new Window[closedLoop ? senders : 0];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = new Window();
        }
    }

    /** The phase before any sending: nothing counts as sent in its window. */
    static Phase none() {
        return new Phase(0, false);
    }

    /** True if {@code t} is inside the measurement window. */
    boolean measures(long t) {
        return t >= measureStart && t < measureEnd;
    }

    /**
     * Closed-loop bookkeeping of one sender: for each in-flight message, how many receivers got it
     * and how many must; receivers count, the sender waits on {@link #arrived}.
     */
    static final class Window {
        private final AtomicLongArray seq = new AtomicLongArray(RING);
        private final AtomicIntegerArray count = new AtomicIntegerArray(RING);
        private final AtomicIntegerArray target = new AtomicIntegerArray(RING);
        /** Released each time a message has reached all its receivers. */
        final Semaphore arrived = new Semaphore(0);

        Window() {
            for (int i = 0; i < RING; i++) {
                seq.set(i, -1);
            }
        }

        /** Before sending message {@code s}: it must reach {@code receivers} clients. */
        void sending(long s, int receivers) {
            int slot = slot(s);
            count.set(slot, 0);
            target.set(slot, receivers);
            seq.set(slot, s);
        }

        /** A receiver got message {@code s} (ignored if its slot has moved on). */
        void received(long s) {
            int slot = slot(s);
            if (seq.get(slot) == s && count.incrementAndGet(slot) == target.get(slot)) {
                arrived.release();
            }
        }

        /** True once message {@code s} has reached all its receivers. */
        boolean complete(long s) {
            int slot = slot(s);
            return count.get(slot) >= target.get(slot);
        }

        private static int slot(long s) {
            return (int) (s & (RING - 1));
        }
    }
}
