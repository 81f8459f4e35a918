/*
 * The containers' health probe: GET a URL and exit 0 only for 200 with "status":"live" (the
 * liveness probe, /health/live) or "status":"up" (/health) in the body. Containers probe
 * liveness: a node that is draining for a stop, or whose Redis is away, is alive and must not be
 * restarted; the balancer asks /health/ready instead.
 *
 * Neither image is guaranteed to ship curl or wget (the Payara Micro image has neither), but
 * both have a JVM, so the Dockerfiles compile this class in their build stage and the health
 * check runs it:  java -cp /opt/hubchat HealthCheck http://localhost:8080/health
 *
 * Plain Java 17, no dependencies, no package (it is compiled on its own with javac).
 */
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

public final class HealthCheck {

    private HealthCheck() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/health/live";
        int timeoutMillis = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        System.exit(check(url, timeoutMillis));
    }

    /** 0 when healthy, 1 otherwise; one line about the outcome on stdout (kept by the engine). */
    static int check(String url, int timeoutMillis) {
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) new URL(url).openConnection();
            http.setConnectTimeout(timeoutMillis);
            http.setReadTimeout(timeoutMillis);
            http.setUseCaches(false);
            http.setInstanceFollowRedirects(false);
            int status = http.getResponseCode();
            String body = "";
            InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream();
            if (in != null) {
                try (in) {
                    body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                }
            }
            String compact = body.replace(" ", "");
            if (status == 200 && (compact.contains("\"status\":\"live\"") || compact.contains("\"status\":\"up\""))) {
                System.out.println("healthy: " + body.strip());
                return 0;
            }
            String excerpt = body.strip();
            System.out.println("unhealthy: HTTP " + status + " "
                    + (excerpt.length() > 200 ? excerpt.substring(0, 200) + "..." : excerpt));
            return 1;
        } catch (IOException | RuntimeException e) {
            System.out.println("unhealthy: " + url + ": " + e);
            return 1;
        } finally {
            if (http != null) {
                http.disconnect();
            }
        }
    }
}
