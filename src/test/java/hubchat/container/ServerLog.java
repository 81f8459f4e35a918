package hubchat.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the container has logged since this was made, read where it goes: Tomcat's log files
 * under {@code it.tomcat.base}/logs, and Payara Micro's console, which the Arquillian adapter
 * prints on this JVM's {@code System.out} (copied from here on until {@link #close}).
 */
final class ServerLog implements AutoCloseable {
    private final Path logs = Path.of(System.getProperty("it.tomcat.base", "target/tomcat-base"), "logs");
    private final Map<Path, Long> sizes;
    private final PrintStream console;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private ServerLog(boolean payara) throws IOException {
        if (payara) {
            sizes = null;
            console = System.out;
            System.setOut(new PrintStream(new Tee(console, copy), true, StandardCharsets.UTF_8));
        } else {
            console = null;
            sizes = sizes(logs);
        }
    }

    /** Starts reading what the container of this execution logs from now on. */
    static ServerLog fromNow() throws IOException {
        return new ServerLog(OnContainer.onPayara());
    }

    /** Everything logged since. */
    String text() throws IOException {
        if (sizes == null) {
            synchronized (copy) {
                return copy.toString(StandardCharsets.UTF_8);
            }
        }
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) {
                long from = sizes.getOrDefault(f, 0L);
                try (RandomAccessFile in = new RandomAccessFile(f.toFile(), "r")) {
                    byte[] bytes = new byte[(int) Math.max(0, in.length() - from)];
                    in.seek(from);
                    in.readFully(bytes);
                    text.append(new String(bytes, StandardCharsets.UTF_8));
                }
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (console != null) {
            System.setOut(console);
        }
    }

    private static Map<Path, Long> sizes(Path dir) throws IOException {
        Map<Path, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                sizes.put(f, Files.size(f));
            }
        }
        return sizes;
    }

    /** Writes to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
