package hubchat.endpoint;

import hubchat.app.ChatApplication;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Builds each {@link ChatEndpoint} around the CDI hub. Neither Tomcat (with Weld) nor Tyrus
 * injects fields of an endpoint by itself, and creating endpoints as CDI beans would leak
 * every instance into CDI's creational context; handing the application-scoped hub to a plain
 * constructor avoids both.
 */
public final class CdiConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        if (type != ChatEndpoint.class) {
            throw new InstantiationException("not a hubchat endpoint: " + type);
        }
        return type.cast(new ChatEndpoint(ChatApplication.current()));
    }
}
