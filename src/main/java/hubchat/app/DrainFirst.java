package hubchat.app;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;

/**
 * Makes sure the hub's drain runs before the container closes the WebSocket sessions as the
 * deployment ends (SIGTERM, undeploy, redeploy). Containers close every open session with 1001
 * "going away" from a listener of their own (Tomcat's {@code WsContextListener}, which its
 * {@code WsSci} registers; Tyrus' on Payara), dropping what was queued, and {@code contextDestroyed}
 * runs in the reverse of the order listeners were registered in.
 *
 * <p>The container's initializers run before the application's, so the listener this one adds
 * is registered after the container's and destroyed before it, whatever else the application
 * declares. The hub's stop is idempotent and may be reached first from elsewhere (on Tomcat the
 * CDI disposer, from Weld's own listener, runs even earlier); this listener is the guarantee that
 * one of them runs before the container's close. Registered in {@code META-INF/services}.
 */
public class DrainFirst implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addListener(new StopHub());
    }

    /** Drains and stops the hub as the deployment ends, before the container closes its sessions. */
    static final class StopHub implements ServletContextListener {
        @Override
        public void contextDestroyed(ServletContextEvent event) {
            ChatApplication.stopMade();
        }
    }
}
