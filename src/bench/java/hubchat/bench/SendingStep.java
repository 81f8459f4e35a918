package hubchat.bench;

import static hubchat.bench.MonoClock.SEC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sending phase on the open connections (a whole fan-out or latency run, or one saturation
 * step): starts the senders, samples the server's and this tool's CPU over the measurement window,
 * drains, and reports what was sent and delivered, the latency percentiles and the CPU figures.
 */
final class SendingStep {

    /** After swapping in fresh statistics, a frame being scanned right now finishes into the old ones within this. */
    private static final long SWAP_GRACE = 50_000_000L;
    /** --echo auto counts echoes once at least this share of the window's messages came back to their sender. */
    private static final double ECHO_AUTO_RATIO = 0.5;

    private final RunState run;
    private final LoadOptions o;
    private final Connections connections;

    SendingStep(RunState run, Connections connections) {
        this.run = run;
        this.o = run.options;
        this.connections = connections;
    }

    /**
     * Sends at {@code rate} msg/s (0: closed loop) from clients 0..senders-1; {@code liveAtStart}
     * is the connections open before it. The last step closes the connections at its end; the
     * others start fresh statistics for the next one. The first step also counts the welcome and
     * presence frames of the connect phase, as wsload does.
     */
    Map<String, Object> run(double rate, int senders, long liveAtStart, boolean last) throws InterruptedException {
        ChatClient[] clients = connections.clients;
        boolean closedLoop = rate <= 0;
        Phase ph = new Phase(senders, closedLoop);
        run.phase = ph;
        MessageSender.Counts sent = new MessageSender.Counts();
        long t0 = MonoClock.now();
        long ms = t0 + o.warmup;
        long me = ms + o.duration;
        ph.measureStart = ms;
        ph.measureEnd = me;
        Thread[] threads = new Thread[senders];
        for (int i = 0; i < senders; i++) {
            threads[i] = new Thread(new MessageSender(run, ph, clients[i], senders, rate, me, sent), "sender-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        run.progress.log("sending: %d senders, rate %s/s%s, warmup %.1fs, measure %.1fs", senders, Reports.rate(rate),
                closedLoop ? " (closed loop, window " + o.window + ")" : "", o.warmup / 1e9, o.duration / 1e9);
        MonoClock.sleepUntil(ms);
        double cpu0 = ProcessSampler.cpuSeconds(o.serverPid), self0 = ProcessSampler.selfCpuSeconds();
        MonoClock.sleepUntil(me);
        double cpu1 = ProcessSampler.cpuSeconds(o.serverPid), self1 = ProcessSampler.selfCpuSeconds();
        long rssEnd = ProcessSampler.rssKb(o.serverPid);
        double window = (me - ms) / 1e9;
        for (Thread t : threads) t.join(o.windowTimeout + o.writeTimeout + SEC);
        run.progress.log("sending stopped; draining for %.1fs", o.drain / 1e9);
        MonoClock.sleepNanos(o.drain);

        long liveEnd = run.liveConnections.get();
        ReceiveStats[] stats = new ReceiveStats[clients.length];
        for (int i = 0; i < clients.length; i++) {
            if (clients[i] != null) stats[i] = last ? clients[i].stats() : clients[i].swapStats();
        }
        if (last) connections.closeAll();
        else MonoClock.sleepNanos(SWAP_GRACE);
        ReceiveTotals got = new ReceiveTotals();
        for (int i = 0; i < clients.length; i++) {
            if (clients[i] != null) got.add(clients[i].sync(stats[i]));
        }

        long sentWin = sent.inWindow.get();
        double echoRatio = sentWin > 0 ? (double) got.echoWin / sentWin : 0;
        boolean countEcho = switch (o.echo) {
            case "yes" -> true;
            case "no" -> false;
            default -> echoRatio >= ECHO_AUTO_RATIO;
        };
        long deliv = got.othersWin, recvIn = got.othersRecvIn, perMsg = liveAtStart - 1;
        LatencyHistogram lat = new LatencyHistogram();
        lat.merge(got.latOthers);
        if (countEcho) {
            deliv += got.echoWin;
            recvIn += got.echoRecvIn;
            perMsg++;
            lat.merge(got.latEcho);
        }
        perMsg = Math.max(0, perMsg);
        long expected = sentWin * perMsg;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rate", rate);
        r.put("run_id", ph.runId);
        r.put("live_at_end", liveEnd);
        r.put("unexpected_closes", run.unexpectedCloses.get());
        r.put("close_reasons", run.closeReasons.snapshot());
        r.put("frames_received", got.frames);
        r.put("chars_received", got.chars);
        r.put("frames_without_token", got.noToken);
        r.put("foreign_tokens", got.foreign);
        r.put("sent_total", sent.total.get());
        r.put("sent_window", sentWin);
        r.put("send_rate", sentWin / window);
        r.put("own_echoes_window", got.echoWin);
        r.put("echo_ratio", echoRatio);
        r.put("echo_counted", countEcho);
        r.put("receivers_per_message", perMsg);
        r.put("deliveries", deliv);
        r.put("deliveries_from_others", got.othersWin);
        r.put("expected_deliveries", expected);
        r.put("delivery_ratio", expected > 0 ? (double) deliv / expected : Double.NaN);
        r.put("deliveries_per_s", recvIn / window);
        r.put("clients_with_no_delivery", got.starved);
        r.put("latency_ms", Reports.latency(lat));
        r.put("client_cpu_s_window", self1 - self0);
        r.put("write_errors_count", sent.writeErrors.get());
        if (closedLoop) r.put("window_timeouts", sent.windowTimeouts.get());
        if (o.serverPid > 0) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rss_kb_end", rssEnd);
            s.put("cpu_s_window", cpu1 - cpu0);
            if (recvIn > 0) s.put("cpu_s_per_million_deliveries", (cpu1 - cpu0) / recvIn * 1e6);
            r.put("server", s);
        }
        return r;
    }
}
