package hubchat.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * What answers at the paths {@link LoginConstraint} puts behind the container's login: the chat
 * page for the context root and {@value #PAGE}, read from the application's own files, and 404
 * for a request on {@code /ws/*} that is not a WebSocket handshake (handshakes never reach a
 * servlet), as it gets without the login.
 */
public class PageBehindLogin extends HttpServlet {
    /** The chat page, among the application's files. */
    static final String PAGE = "/index.html";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        if (!path.isEmpty() && !path.equals(PAGE)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream page = getServletContext().getResourceAsStream(PAGE)) {
            if (page == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            // Shown to one logged-in user: no shared cache keeps it, and the browser asks again each time.
            response.setHeader("Cache-Control", "private, no-cache");
            page.transferTo(response.getOutputStream());
        }
    }
}
