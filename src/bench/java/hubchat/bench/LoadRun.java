package hubchat.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the load tool: connects the clients, lets the room settle, runs the scenario (hold
 * idle connections, one sending step, or saturation steps at rising rates) and returns the
 * report, with the server's memory and CPU when its pid is known.
 */
final class LoadRun {

    /** Bytes in a megabyte, for the client's heap figure. */
    private static final long MB = 1024 * 1024;

    private final LoadOptions o;
    private final URI uri;
    private final RunState run;
    private final Progress progress;

    LoadRun(LoadOptions o, URI uri) {
        this.o = o;
        this.uri = uri;
        this.run = new RunState(o);
        this.progress = run.progress;
    }

    /** Runs the load and returns its report (see docs/performance.md for the figures). */
    Map<String, Object> run() throws InterruptedException {
        int pid = o.serverPid;
        long rssBefore = ProcessSampler.rssKb(pid);
        double cpuStart = ProcessSampler.cpuSeconds(pid);
        try (Connections conns = new Connections(run, uri)) {
            long connectStart = System.nanoTime();
            conns.connect();
            double connectTime = (System.nanoTime() - connectStart) / 1e9;
            long connected = conns.connected();
            long failed = o.clients - connected;
            progress.log("connected %d/%d (%d failed) in %.2fs", connected, o.clients, failed, connectTime);

            double settleTime = conns.settle(o.settle);
            long rssConnected = ProcessSampler.rssKb(pid);
            long liveAtStart = run.liveConnections.get();
            int senders = o.idle ? 0 : o.senders;
            for (int i = 0; i < senders; i++) {
                if (conns.clients[i] == null) {
                    throw new CannotRunException("sender client " + i + " could not connect; cannot run (connected "
                            + connected + "/" + o.clients + ")");
                }
            }

            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("tool", "chatload");
            rep.put("scenario", o.scenario.label());
            rep.put("url", o.url);
            rep.put("mode", o.idle ? "idle" : o.saturation() ? "saturation" : "fanout");
            rep.put("clients", o.clients);
            rep.put("senders", senders);
            rep.put("rate", o.rate);
            rep.put("window", o.window);
            rep.put("size", o.size);
            rep.put("duration_s", o.duration / 1e9);
            rep.put("warmup_s", o.warmup / 1e9);
            rep.put("connected", connected);
            rep.put("connect_failed", failed);
            rep.put("connect_errors", run.connectErrors.snapshot());
            rep.put("connect_time_s", connectTime);
            rep.put("settle_time_s", settleTime);
            rep.put("live_at_start", liveAtStart);

            Map<String, Object> server = new LinkedHashMap<>();
            if (o.idle) {
                hold(conns, liveAtStart, rep, server);
            } else if (o.saturation()) {
                saturate(conns, senders, liveAtStart, rep);
            } else {
                Map<String, Object> st = new SendingStep(run, conns).run(o.rate, senders, liveAtStart, true);
                st.remove("rate");
                if (st.remove("server") instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> server.put((String) k, v));
                }
                rep.putAll(st);
            }
            rep.put("write_errors", run.writeErrors.snapshot());
            rep.put("client_http_clients", o.httpClients);
            rep.put("client_executor_threads", o.threads);
            rep.put("client_gc", ProcessSampler.gcNames());
            rep.put("client_java", System.getProperty("java.version"));
            rep.put("client_heap_used_mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / MB);
            if (pid > 0) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("pid", pid);
                s.put("rss_kb_before", rssBefore);
                s.put("rss_kb_connected", rssConnected);
                s.putAll(server);
                s.put("cpu_s_total_run", ProcessSampler.cpuSeconds(pid) - cpuStart);
                if (liveAtStart > 0 && rssBefore > 0 && rssConnected > 0) {
                    s.put("rss_kb_per_conn", (rssConnected - rssBefore) / (double) liveAtStart);
                }
                rep.put("server", s);
            }
            return rep;
        }
    }

    /** The idle scenario: holds the connections for --duration, then closes them. */
    private void hold(Connections conns, long liveAtStart, Map<String, Object> rep, Map<String, Object> server) {
        int pid = o.serverPid;
        progress.log("holding %d connections for %.1fs", liveAtStart, o.duration / 1e9);
        double cpu0 = ProcessSampler.cpuSeconds(pid), self0 = ProcessSampler.selfCpuSeconds();
        MonoClock.sleepNanos(o.duration);
        double cpu1 = ProcessSampler.cpuSeconds(pid), self1 = ProcessSampler.selfCpuSeconds();
        long liveEnd = run.liveConnections.get();
        rep.put("live_at_end", liveEnd);
        rep.put("still_open_after_hold", liveEnd);
        rep.put("unexpected_closes", run.unexpectedCloses.get());
        rep.put("close_reasons", run.closeReasons.snapshot());
        rep.put("client_cpu_s_window", self1 - self0);
        server.put("rss_kb_end", ProcessSampler.rssKb(pid));
        server.put("cpu_s_window", cpu1 - cpu0);
        conns.closeAll();
        ReceiveTotals total = new ReceiveTotals();
        for (ChatClient c : conns.clients) if (c != null) total.add(c.stats());
        rep.put("frames_received", total.frames);
        rep.put("chars_received", total.chars);
        rep.put("frames_without_token", total.noToken);
    }

    /** The saturation scenario: one step per rate, up to the first that fails or loses connections. */
    private void saturate(Connections conns, int senders, long liveAtStart, Map<String, Object> rep) throws InterruptedException {
        SendingStep stepper = new SendingStep(run, conns);
        List<Object> steps = new ArrayList<>();
        double best = 0;
        String stopReason = "all steps passed";
        for (int i = 0; i < o.rates.size(); i++) {
            double rate = o.rates.get(i);
            if (i > 0) conns.settle(0); // quiet between steps
            Map<String, Object> st = stepper.run(rate, senders, run.liveConnections.get(), i == o.rates.size() - 1);
            st.put("rate", rate);
            boolean pass = o.criteria.passes(st);
            st.put("pass", pass);
            steps.add(st);
            progress.log("step %.0f msg/s: sent %.1f/s, delivered %.5f, p99 %.1f ms, %.0f deliveries/s -> %s", rate,
                    Reports.num(st.get("send_rate")), Reports.num(st.get("delivery_ratio")),
                    Reports.num(Reports.path(st, "latency_ms.p99")), Reports.num(st.get("deliveries_per_s")), pass ? "pass" : "FAIL");
            if (!pass) {
                stopReason = "step " + Reports.rate(rate) + " failed";
                break;
            }
            best = rate;
            if (Reports.num(st.get("live_at_end")) < liveAtStart) { // as the step ended, before the last one closes them
                stopReason = "connections lost";
                break;
            }
        }
        if (!run.stopping) conns.closeAll();
        rep.put("max_rate_ok", best);
        rep.put("stop_reason", stopReason);
        rep.put("criteria", o.criteria.report());
        rep.put("steps", steps);
        rep.put("unexpected_closes", run.unexpectedCloses.get());
        rep.put("close_reasons", run.closeReasons.snapshot());
    }
}
