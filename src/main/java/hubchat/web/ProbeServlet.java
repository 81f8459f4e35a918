package hubchat.web;

import hubchat.app.ChatApplication;
import hubchat.hub.ChatHub;
import hubchat.hub.Readiness;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The probes of orchestrators and balancers, each 200 or 503 with a small JSON body saying why:
 * <ul>
 * <li>{@code GET /health/live}: the process can serve, 200 while the hub runs (draining
 * included); a failing liveness probe restarts the container, which a drain or an engine that
 * is away must never cause.</li>
 * <li>{@code GET /health/ready}: the node accepts chat ({@link ChatHub#readiness}): 503 while
 * starting, while draining before a stop, and while its engine (Redis, a database) is out of
 * reach; a balancer sends new clients elsewhere meanwhile.</li>
 * </ul>
 * They ask the hub the deployment made and never make one, so a probe during the start cannot
 * start the hub on a request thread. {@code GET /health} ({@link HealthServlet}) stays as it was.
 */
@WebServlet(urlPatterns = {ProbeServlet.LIVE, ProbeServlet.READY})
public class ProbeServlet extends HttpServlet {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    /** What a probe answers: its HTTP status and JSON body. */
    record Answer(int status, String body) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Answer answer = answer(ChatApplication.made(), request.getServletPath());
        response.setStatus(answer.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(answer.body());
    }

    /** The answer of the probe at {@code path} ({@link #LIVE} or {@link #READY}) for {@code hub}, null if none is made yet. */
    static Answer answer(ChatHub hub, String path) {
        Readiness readiness = hub == null ? Readiness.not(Readiness.STARTING) : hub.readiness();
        if (READY.equals(path)) {
            return new Answer(readiness.ready() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    readiness.json());
        }
        if (hub == null || Readiness.STOPPED.equals(readiness.reason())) {
            return new Answer(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "{\"status\":\"not_live\",\"reason\":\"" + readiness.reason() + "\"}");
        }
        return new Answer(HttpServletResponse.SC_OK, "{\"status\":\"live\"}");
    }
}
