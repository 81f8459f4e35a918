package hubchat.endpoint;

import hubchat.app.ChatApplication;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Builds each {@link ChatEndpoint} around the CDI hub, and refuses every WebSocket extension.
 * Neither Tomcat (with Weld) nor Tyrus injects fields of an endpoint by itself, and creating
 * endpoints as CDI beans would leak every instance into CDI's creational context; handing the
 * application-scoped hub to a plain constructor avoids both.
 */
public final class CdiConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        if (type != ChatEndpoint.class) {
            throw new InstantiationException("not a hubchat endpoint: " + type);
        }
        return type.cast(new ChatEndpoint(ChatApplication.current()));
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
}
