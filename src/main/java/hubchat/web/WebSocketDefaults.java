package hubchat.web;

import hubchat.endpoint.ChatEndpoint;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;

/**
 * Sets the container's default WebSocket message buffers to the endpoint's small ones before any
 * connection exists. Tomcat allocates them for every connection as it opens, before the endpoint
 * can shrink them: with its defaults (8 KiB binary, 8 Ki chars of text) 10,000 idle connections
 * would hold about 240 MB for nothing.
 */
@WebListener
public class WebSocketDefaults implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container instanceof ServerContainer ws) {
            ws.setDefaultMaxTextMessageBufferSize(ChatEndpoint.TEXT_BUFFER_CHARS);
            ws.setDefaultMaxBinaryMessageBufferSize(ChatEndpoint.BINARY_BUFFER_BYTES);
        }
    }
}
