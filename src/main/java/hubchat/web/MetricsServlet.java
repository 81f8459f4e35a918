package hubchat.web;

import hubchat.admission.ClientAddresses;
import hubchat.app.ChatApplication;
import hubchat.hub.ChatHub;
import hubchat.metrics.MetricsAccess;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * {@code GET /metrics}: the hub's metrics ({@link hubchat.metrics.ChatMetrics}) in the Prometheus
 * text format (0.0.4), for whoever {@link MetricsAccess} lets read them: 403 for an address not
 * allowed, 401 with a {@code Bearer} challenge where a token is configured and missing or wrong.
 * A servlet of ours around the client library's text writer, rather than its exporter module,
 * which would bring the protobuf format along (see the pom).
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ChatHub hub = ChatApplication.serving();
        String client = hub.entrance().clientAddresses().clientOf(request.getRemoteAddr(),
                Collections.list(request.getHeaders(ClientAddresses.FORWARDED_FOR)));
        response.setHeader("Cache-Control", "no-store");
        MetricsAccess.Verdict verdict = hub.metrics().access().check(client, request.getHeader("Authorization"));
        if (verdict == MetricsAccess.Verdict.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", MetricsAccess.CHALLENGE);
        }
        if (verdict != MetricsAccess.Verdict.ALLOWED) {
            response.sendError(verdict.status());
            return;
        }
        response.setContentType(TEXT.getContentType());
        TEXT.write(response.getOutputStream(), hub.metrics().registry().scrape());
    }
}
