package hubchat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reports of bench/run.sh in one directory, {@code <tool>-<scenario>-<run>[-r<rate>].json},
 * by tool, scenario and run. A stepped saturation run (one report per rate, as wsload writes)
 * becomes one report per run: the highest passing rate before the first that fails.
 */
final class ReportDirectory {

    /** tool -> scenario -> run -> report. */
    final Map<String, Map<String, Map<String, Map<String, Object>>>> reports = new TreeMap<>();

    /** Reads every report in {@code dir}; an unreadable one is skipped with a line on {@code out}. */
    static ReportDirectory read(Path dir, PrintStream out) throws IOException {
        ReportDirectory d = new ReportDirectory();
        // tool/scenario -> run -> rate -> step report
        Map<String, Map<String, TreeMap<Double, Map<String, Object>>>> steps = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                String name = p.getFileName().toString().replaceFirst("\\.json$", "");
                String[] parts = name.split("-");
                if (parts.length < 3) continue;
                Map<String, Object> r;
                try {
                    r = JsonText.readObject(Files.readString(p));
                } catch (RuntimeException e) {
                    out.println("(skipping unreadable " + p.getFileName() + ")");
                    continue;
                }
                String tool = parts[0], scen = parts[1], run = parts[2];
                if (parts.length >= 4 && parts[3].startsWith("r")) {
                    double rate = Double.parseDouble(parts[3].substring(1));
                    r.put("rate", rate);
                    steps.computeIfAbsent(tool + "/" + scen, k -> new TreeMap<>()).computeIfAbsent(run, k -> new TreeMap<>()).put(rate, r);
                } else {
                    d.put(tool, scen, run, r);
                }
            }
        }
        steps.forEach((key, runs) -> {
            String tool = key.substring(0, key.indexOf('/')), scen = key.substring(key.indexOf('/') + 1);
            runs.forEach((run, byRate) -> d.put(tool, scen, run, walkUp(byRate)));
        });
        return d;
    }

    private void put(String tool, String scenario, String run, Map<String, Object> report) {
        reports.computeIfAbsent(tool, k -> new TreeMap<>()).computeIfAbsent(scenario, k -> new TreeMap<>()).put(run, report);
    }

    /** Up the rates to the first failing step: max_rate_ok, the report at that rate (best), first_fail. */
    private static Map<String, Object> walkUp(TreeMap<Double, Map<String, Object>> byRate) {
        double best = 0;
        Object bestReport = null;
        Object firstFail = null;
        for (Map.Entry<Double, Map<String, Object>> e : byRate.entrySet()) {
            if (SaturationCriteria.DEFAULT.passes(e.getValue())) {
                best = e.getKey();
                bestReport = e.getValue();
            } else {
                firstFail = e.getKey();
                break;
            }
        }
        Map<String, Object> agg = new LinkedHashMap<>();
        agg.put("max_rate_ok", best);
        agg.put("best", bestReport);
        agg.put("first_fail", firstFail);
        return agg;
    }
}
