package hubchat.web;

import hubchat.admission.Admission;
import hubchat.admission.ClientAddresses;
import hubchat.app.ChatApplication;
import hubchat.hub.ChatHub;
import hubchat.hub.Entrance;
import hubchat.identity.IdentityCheck;
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
import java.util.Locale;

/**
 * Refuses a WebSocket handshake before the upgrade: 400 for a bad room name or a query that
 * {@link HandshakeQuery} cannot decode, its text the close reason the endpoint sends where no
 * filter runs (so a client reads the same token either way); 403 for a browser origin that
 * {@link OriginPolicy} does not allow, with the {@link OriginPolicy.Refusal}'s text (every
 * {@code Origin} header is read, so two of them are seen); 401 or 403 when the server checks
 * identity and the handshake proves none, or one that may not enter the room
 * ({@link IdentityCheck}); 503 with {@code Retry-After} while the server drains
 * before a stop (its text the close reason {@code restarting}); 429 when the client's address already
 * has as many open connections as allowed, 503 when the server has (see
 * {@link hubchat.admission.Admissions}), so that a flood of handshakes makes no session, member
 * or room. Runs before the container's WebSocket filter, so a bad query never reaches the
 * container's own parameter parsing (HTTP 500 on one container, a silent upgrade on another),
 * and a refused handshake never reaches the container's WebSocket layer at all.
 *
 * <p>An admitted handshake holds its place from here: it is handed to the endpoint on this
 * thread ({@link Admission#handOver}, taken by {@code CdiConfigurator} within the chain), and
 * given back here if the container did not upgrade the request (or did without the endpoint
 * taking it).
 *
 * <p>Every refusal is reported to the hub ({@link Entrance#refused}): counted by status in
 * {@code hubchat_handshakes_refused_total} and one {@code refused} line in the connection log,
 * with a reason token (the close reason's token where there is one; {@code origin_*} and
 * {@code max_connections_*} for the origin and connection limits).
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {
    private static final String PREFIX = "/ws/";
    /** Seconds a refused client is told to wait (429, 503): a hint, as places free when others leave. */
    private static final String RETRY_AFTER_SECONDS = "10";
    /** Seconds a client refused by a draining node is told to wait: the balancer's next check takes the node out. */
    private static final String RESTARTING_RETRY_SECONDS = "2";
    /** The header a browser names the page's origin in (every one the request has is read). */
    private static final String ORIGIN = "Origin";

    private volatile OriginPolicy origins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String room = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        ChatHub hub = ChatApplication.made(); // not current(): while the deployment ends, CDI may be gone already
        if (hub == null) {
            refuseRestarting(response);
            return;
        }
        Entrance entrance = hub.entrance();
        String client = entrance.clientAddresses().clientOf(request.getRemoteAddr(),
                Collections.list(request.getHeaders(ClientAddresses.FORWARDED_FOR)));
        String origin = request.getHeader(ORIGIN);
        if (!Names.isValidRoom(room)) {
            entrance.refused(HttpServletResponse.SC_BAD_REQUEST, Disconnect.BAD_ROOM.token(), client, origin);
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, Disconnect.BAD_ROOM.reason(Names.ROOM_RULE));
            return;
        }
        HandshakeQuery query;
        try {
            query = HandshakeQuery.parse(request.getQueryString());
        } catch (BadQueryException e) {
            entrance.refused(HttpServletResponse.SC_BAD_REQUEST, Disconnect.BAD_QUERY.token(), client, origin);
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, Disconnect.BAD_QUERY.reason(e.getMessage()));
            return;
        }
        if (hub.isDraining()) {
            entrance.refused(HttpServletResponse.SC_SERVICE_UNAVAILABLE, Disconnect.RESTARTING.token(), client, origin);
            refuseRestarting(response);
            return;
        }
        OriginPolicy.Refusal refusal = policy().refusal(Collections.list(request.getHeaders(ORIGIN)));
        if (refusal != null) {
            entrance.refused(HttpServletResponse.SC_FORBIDDEN, "origin_" + refusal.name().toLowerCase(Locale.ROOT), client, origin);
            response.sendError(HttpServletResponse.SC_FORBIDDEN, refusal.text());
            return;
        }
        IdentityCheck.Outcome proved = entrance.identities()
                .check(room, query.get(IdentityCheck.TOKEN_PARAMETER), request.getUserPrincipal());
        IdentityCheck.Refusal unproven = proved.refusal();
        if (unproven != null) {
            entrance.refused(unproven.status(), unproven.cause().token(), client, origin);
            if (unproven.challenge() != null) {
                response.setHeader("WWW-Authenticate", unproven.challenge());
            }
            response.sendError(unproven.status(), unproven.reason());
            return;
        }
        Admission admission = entrance.admissions().admit(client);
        if (admission.refusal() != null) {
            entrance.refused(admission.refusal().status(), "max_connections_" + admission.refusal().name().toLowerCase(Locale.ROOT),
                    client, origin);
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            response.sendError(admission.refusal().status(), admission.refusal().message());
            return;
        }
        boolean upgraded = false;
        admission.proves(proved.identity());
        Admission.handOver(admission);
        try {
            chain.doFilter(request, response);
            upgraded = response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
        } finally {
            boolean takenByEndpoint = Admission.takeHandedOver() == null;
            if (!upgraded || !takenByEndpoint) {
                admission.release();
            }
        }
    }

    private OriginPolicy policy() {
        OriginPolicy p = origins;
        if (p == null) {
            p = OriginPolicy.of(ChatApplication.serving().settings());
            origins = p;
        }
        return p;
    }

    /** 503 for a node that is stopping (or not made yet): the client comes back later, to whichever node answers. */
    private static void refuseRestarting(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", RESTARTING_RETRY_SECONDS);
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, Disconnect.RESTARTING.reason());
    }
}
