package hubchat.app;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;

/**
 * Makes the hub's drain run before the container closes the WebSocket sessions as the
 * deployment ends (SIGTERM, undeploy, redeploy). Containers close every open session with 1001
 * "going away" from a listener of their own (Tomcat's {@code WsContextListener}, which its
 * {@code WsSci} registers; Tyrus' on Payara), and {@code contextDestroyed} runs in the reverse of
 * the order listeners were registered in: a listener the application declares
 * ({@code @WebListener}, such as {@link StartAtDeployment}) comes before the ones initializers
 * add, so it would run after the container had closed everyone and dropped what was queued.
 *
 * <p>The container's initializers run before the application's (the Servlet spec's order:
 * container jars, then the application's), so the listener this one adds is registered after
 * theirs and its {@code contextDestroyed} runs first: the drain starts, each connection gets what
 * was queued for it and its 1001 {@code restarting}, and only then does the container's own
 * close find nobody left. Registered in {@code META-INF/services}; a container that does not run
 * application initializers still stops the hub from {@link StartAtDeployment}, just not first.
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
