package hubchat.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the resident memory and CPU time of a process from /proc (the server's, given its pid),
 * and this tool's own CPU time and collectors: the server and client figures of the report.
 * Every reading is -1 when there is nothing to read (no pid, not Linux, the process is gone).
 */
final class ProcessSampler {

    /** Clock ticks per second of utime and stime in /proc/PID/stat (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;
    /** Fields of /proc/PID/stat after the command name, counted from 0: utime, then stime. */
    private static final int UTIME_FIELD = 11;

    private ProcessSampler() {
    }

    /** VmRSS of process {@code pid} in kB, or -1. */
    static long rssKb(int pid) {
        if (pid <= 0) return -1;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.substring(6).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone, or no /proc
        }
        return -1;
    }

    /** utime + stime of process {@code pid} in seconds, or -1. */
    static double cpuSeconds(int pid) {
        if (pid <= 0) return -1;
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[UTIME_FIELD]) + Long.parseLong(f[UTIME_FIELD + 1])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This process's CPU time (all threads: I/O, listeners, senders, GC, JIT) in seconds. */
    static double selfCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
        return cpuSeconds((int) ProcessHandle.current().pid());
    }

    /** This JVM's garbage collectors, comma-separated. */
    static String gcNames() {
        List<String> names = new ArrayList<>();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) names.add(gc.getName());
        return String.join(", ", names);
    }
}
