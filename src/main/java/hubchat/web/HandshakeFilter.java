package hubchat.web;

import hubchat.app.ChatApplication;
import hubchat.protocol.BadQueryException;
import hubchat.protocol.Disconnect;
import hubchat.protocol.HandshakeQuery;
import hubchat.protocol.Names;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * Refuses a WebSocket handshake before the upgrade: 400 for a bad room name or a query that
 * {@link HandshakeQuery} cannot decode, its text the close reason the endpoint sends where no
 * filter runs (so a client reads the same token either way); 403 for a browser origin that
 * {@link OriginPolicy} does not allow, with the {@link OriginPolicy.Refusal}'s text (every
 * {@code Origin} header is read, so two of them are seen). Runs before the container's WebSocket
 * filter, so a bad query never reaches the container's own parameter parsing (HTTP 500 on one
 * container, a silent upgrade on another).
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {
    private static final String PREFIX = "/ws/";
    /** The header a browser names the page's origin in (every one the request has is read). */
    private static final String ORIGIN = "Origin";

    private volatile OriginPolicy origins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String room = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        if (!Names.isValidRoom(room)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, Disconnect.BAD_ROOM.reason(Names.ROOM_RULE));
            return;
        }
        try {
            HandshakeQuery.parse(request.getQueryString());
        } catch (BadQueryException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, Disconnect.BAD_QUERY.reason(e.getMessage()));
            return;
        }
        OriginPolicy.Refusal refusal = policy().refusal(Collections.list(request.getHeaders(ORIGIN)));
        if (refusal != null) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, refusal.text());
            return;
        }
        chain.doFilter(request, response);
    }

    private OriginPolicy policy() {
        OriginPolicy p = origins;
        if (p == null) {
            p = OriginPolicy.of(ChatApplication.current().settings());
            origins = p;
        }
        return p;
    }
}
