package hubchat.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JVM of the server under test, found by the port it listens on (Linux: through /proc), so a
 * test can hold it to a memory ceiling: {@link #liveHeapBytes()} counts the objects still
 * reachable after a full collection, which is what a leak or an unbounded queue grows.
 */
public final class ServerJvm {
    private final long pid;

    private ServerJvm(long pid) {
        this.pid = pid;
    }

    /** The process listening on TCP {@code port}; fails if there is none of ours. */
    public static ServerJvm listeningOn(int port) throws IOException {
        String inode = listeningInode(port);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && ownsSocket(proc, inode)) {
                    return new ServerJvm(Long.parseLong(name));
                }
            }
        }
        throw new IOException("no process of ours owns the listening socket of port " + port);
    }

    public long pid() {
        return pid;
    }

    /** Bytes of live objects, after the full collection that {@code jcmd GC.class_histogram} runs. */
    public long liveHeapBytes() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd failed: " + new String(out, StandardCharsets.UTF_8));
        }
        List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String[] cols = lines.get(i).trim().split("\\s+");
            if (cols.length == 3 && cols[0].equals("Total")) {
                return Long.parseLong(cols[2]);
            }
        }
        throw new IOException("no total in jcmd's histogram: " + lines);
    }

    private static String listeningInode(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] cols = line.trim().split("\\s+");
                // local_address is column 1, state column 3 (0A = LISTEN), inode column 9
                if (cols.length > 9 && cols[1].endsWith(hexPort) && cols[3].equals("0A")) {
                    return cols[9];
                }
            }
        }
        throw new IOException("nothing listens on port " + port);
    }

    private static boolean ownsSocket(Path proc, String inode) {
        String target = "socket:[" + inode + "]";
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(target);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException | SecurityException e) {
            return false; // not ours, or gone
        }
    }
}
