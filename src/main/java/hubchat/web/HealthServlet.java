package hubchat.web;

import hubchat.endpoint.ChatEndpoint;
import hubchat.app.ChatApplication;
import hubchat.hub.ChatHub;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /health}: 200 and a small JSON status while the hub runs, kept as it always was for
 * people, older checks, and tests to see which executor the hub uses. {@code ready} is false
 * while the hub cannot serve chat (see {@link ChatHub#isReady}). Orchestrators and balancers ask
 * the probes of {@link ProbeServlet} instead: {@code /health/live} and {@code /health/ready}.
 */
@WebServlet(urlPatterns = "/health")
public class HealthServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ChatHub hub = ChatApplication.serving();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"status\":\"up\",\"ready\":" + hub.isReady() + ",\"executor\":\"" + hub.executorKind()
                + "\",\"writes\":\"" + ChatEndpoint.writeMode() + "\",\"rooms\":" + hub.roomCount() + ",\"connections\":" + hub.connectionCount() + "}");
    }
}
