package hubchat.bench;

import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sender's loop in one phase, on a thread of its own: sends messages carrying a token, either
 * at its share of --rate (open loop) or with at most --window in flight (closed loop: the next
 * message waits until message seq - window has reached every other client, or --window-timeout).
 */
final class MessageSender implements Runnable {

    /** The padding character of --size. */
    private static final char PAD = 'x';

    /** What a phase's senders did, together. */
    static final class Counts {
        final AtomicLong total = new AtomicLong();
        /** Sent inside the measurement window. */
        final AtomicLong inWindow = new AtomicLong();
        final AtomicLong writeErrors = new AtomicLong();
        /** Closed loop: waits that --window-timeout ended. */
        final AtomicLong windowTimeouts = new AtomicLong();
    }

    private final RunState run;
    private final LoadOptions o;
    private final Phase phase;
    private final WebSocket ws;
    private final int sender;
    private final int senders;
    /** Total messages/s of all senders; 0 = closed loop. */
    private final double rate;
    private final long stopAt;
    private final Counts counts;

    MessageSender(RunState run, Phase phase, ChatClient client, int senders, double rate, long stopAt, Counts counts) {
        this.run = run;
        this.o = run.options;
        this.phase = phase;
        this.ws = client.ws;
        this.sender = client.index;
        this.senders = senders;
        this.rate = rate;
        this.stopAt = stopAt;
        this.counts = counts;
    }

    @Override
    public void run() {
        double interval = 0;
        long start = MonoClock.now();
        if (rate > 0) {
            interval = senders / rate * 1e9;
            start += (long) (interval * sender / senders); // spread the senders over one interval
        }
        String template = o.send;
        int at = template.indexOf("%s");
        String head = template.substring(0, at), tail = template.substring(at + 2);
        int fixed = template.length() - 2;
        StringBuilder sb = new StringBuilder(Math.max(64, o.size + 16));
        String prefix = Tokens.prefix(phase, sender);
        for (long seq = 0; ; seq++) {
            if (rate > 0) {
                MonoClock.sleepUntil(start + (long) (interval * seq));
            } else if (seq >= o.window && !awaitWindow(seq - o.window)) {
                return;
            }
            long now = MonoClock.now();
            if (now >= stopAt) return;
            if (phase.closedLoop) phase.windows[sender].sending(seq, (int) Math.max(0, run.liveConnections.get() - 1));
            sb.setLength(0);
            sb.append(head);
            Tokens.append(sb, prefix, seq, now);
            int tokenLen = sb.length() - head.length();
            for (int pad = o.size - fixed - tokenLen; o.size > 0 && pad > 0; pad--) sb.append(PAD);
            sb.append(tail);
            try {
                ws.sendText(sb.toString(), true).get(o.writeTimeout, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                counts.writeErrors.incrementAndGet();
                run.writeErrors.add(e);
                return;
            }
            counts.total.incrementAndGet();
            if (phase.measures(now)) counts.inWindow.incrementAndGet();
        }
    }

    /**
     * Closed loop: waits until message {@code old} reached every other client, --window-timeout
     * passed, or the phase's sending ended. False if interrupted.
     */
    private boolean awaitWindow(long old) {
        Phase.Window w = phase.windows[sender];
        long deadline = System.nanoTime() + o.windowTimeout;
        while (!w.complete(old)) {
            long d = deadline - System.nanoTime();
            long toStop = stopAt - MonoClock.now();
            if (d <= 0) {
                counts.windowTimeouts.incrementAndGet();
                break;
            }
            if (toStop <= 0) break;
            try {
                w.arrived.tryAcquire(Math.min(d, toStop), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
