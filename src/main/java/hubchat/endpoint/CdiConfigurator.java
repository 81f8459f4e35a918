package hubchat.endpoint;

import hubchat.admission.Admission;
import hubchat.admission.ClientAddresses;
import hubchat.app.ChatApplication;
import hubchat.identity.IdentityCheck;
import hubchat.protocol.BadQueryException;
import hubchat.protocol.HandshakeQuery;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Builds each {@link ChatEndpoint} around the CDI hub, and refuses every WebSocket extension.
 * Neither Tomcat (with Weld) nor Tyrus injects fields of an endpoint by itself, and creating
 * endpoints as CDI beans would leak every instance into CDI's creational context; handing the
 * application-scoped hub to a plain constructor avoids both.
 *
 * <p>It also carries who the client is from the handshake to the session: the admission the
 * handshake filter handed over on this thread, or, where no filter ran (Tyrus alone), the
 * client address read from the handshake itself by the same rules ({@link ClientAddresses}).
 * The identity the handshake proves travels the same way (see {@link IdentityCheck}).
 * Both containers give this method a configuration of its own per handshake, whose user
 * properties become the session's.
 */
public final class CdiConfigurator extends ServerEndpointConfig.Configurator {
    /** User property: the handshake's {@link Admission}, if the filter admitted it. */
    static final String ADMISSION = Admission.class.getName();
    /** User property: the client's address where no filter ran (a String; absent if unknown). */
    static final String CLIENT_ADDRESS = "hubchat.client-address";
    /** User property: the handshake's first {@code Origin} header, for the connection log (absent if none). */
    static final String ORIGIN = "hubchat.origin";
    /** User property: what the handshake proved of its user (an {@link IdentityCheck.Outcome}). */
    static final String IDENTITY = IdentityCheck.Outcome.class.getName();

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        if (type != ChatEndpoint.class) {
            throw new InstantiationException("not a hubchat endpoint: " + type);
        }
        return type.cast(new ChatEndpoint(ChatApplication.serving()));
    }

    /**
     * None: Tomcat would otherwise accept the {@code permessage-deflate} every browser offers.
     * Compressed, each broadcast frame is deflated once per recipient rather than encoded once,
     * and one connection's frames share a compression context, so the size of the frames that
     * carry a member's chosen text reveals how much of it matches what the connection carried
     * before (the {@code resume} secret of its welcome): a length side channel, even under TLS.
     */
    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return List.of();
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        request.getHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Origin") && !e.getValue().isEmpty())
                .findFirst()
                .ifPresent(e -> sec.getUserProperties().put(ORIGIN, e.getValue().get(0)));
        Admission admission = Admission.takeHandedOver();
        if (admission != null) {
            sec.getUserProperties().put(ADMISSION, admission);
            sec.getUserProperties().put(IDENTITY, new IdentityCheck.Outcome(admission.identity(), null));
            return;
        }
        sec.getUserProperties().put(IDENTITY, identity(request));
        String peer = peerAddress(request);
        if (peer != null) {
            List<String> forwarded = request.getHeaders().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(ClientAddresses.FORWARDED_FOR))
                    .flatMap(e -> e.getValue().stream())
                    .toList();
            sec.getUserProperties().put(CLIENT_ADDRESS, ChatApplication.serving().entrance().clientAddresses().clientOf(peer, forwarded));
        }
    }

    /**
     * Who the handshake's user is where no filter decided it (Tyrus alone), from the handshake
     * itself by the same check; the endpoint closes on a refusal. A query that does not decode counts as one without a token (the endpoint
     * closes it for the query anyway).
     */
    private static IdentityCheck.Outcome identity(HandshakeRequest request) {
        String token;
        try {
            token = HandshakeQuery.parse(request.getQueryString()).get(IdentityCheck.TOKEN_PARAMETER);
        } catch (BadQueryException e) {
            token = null;
        }
        String path = request.getRequestURI() == null ? "" : request.getRequestURI().getRawPath();
        String room = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return ChatApplication.serving().entrance().identities().check(room, token, request.getUserPrincipal());
    }

    /** The TCP peer's address where the handshake request tells it (Tyrus' does, publicly); else null. */
    private static String peerAddress(HandshakeRequest request) {
        try {
            Object peer = request.getClass().getMethod("getRemoteAddr").invoke(request);
            return peer instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
