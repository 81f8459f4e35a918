package hubchat.web;

import hubchat.app.ChatApplication;
import hubchat.identity.IdentityCheck;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * With {@code CHAT_CONTAINER_LOGIN=on}, puts the chat page and every WebSocket handshake behind
 * the container's login, so that the operator only gives the container its users: a security
 * constraint on {@code /ws/*} and on the page (the context root and {@code /index.html}),
 * which any user the container authenticates passes (the role {@code **}), with the login
 * {@code WEB-INF/web.xml} names (HTTP Basic). The container then answers a request without a
 * valid login with 401 and a {@code WWW-Authenticate: Basic} challenge before any of the
 * application runs, and hands the handshake the user it logged in ({@link IdentityCheck}).
 *
 * <p>Why the page too: a browser shows no login prompt for a WebSocket handshake answered 401,
 * it only sends credentials it already has for the site. The page asks first, the browser
 * prompts, and from then on it sends the same credentials with every request below the page's
 * folder, the handshakes at {@code ws/...} included. The page's scripts, styles and
 * {@code /health} (for probes and balancers) stay open: they hold nothing of anyone's.
 *
 * <p>Declared in code because it depends on a setting (a constraint in web.xml would hold
 * whatever the setting says), and by the application rather than in the container's
 * configuration so that turning the setting on is all it takes. A constraint needs a servlet
 * mapped where it applies ({@code ServletRegistration.Dynamic#setServletSecurity} is the only
 * way an application declares one in code), so {@link PageBehindLogin} is mapped there: it
 * serves the page, and answers 404 to a request on {@code /ws/*} that is not a handshake (the
 * container's WebSocket filter takes handshakes before any servlet), as the application does
 * without the login. With the setting off nothing is declared and the application is as open
 * as ever. Should a container let a handshake through without a user all the same, the
 * handshake filter refuses it (401).
 */
@WebListener
public class LoginConstraint implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(LoginConstraint.class.getName());
    /** The servlet's name in the container. */
    static final String SERVLET_NAME = "hubchat-behind-login";
    /** Where the login applies: the context root exactly, the page by its name, and every handshake. */
    static final String[] PATTERNS = {"", PageBehindLogin.PAGE, "/ws/*"};
    /** Servlet 3.1's role for "any user the container authenticated", so no roles need mapping. */
    static final String ANY_AUTHENTICATED_USER = "**";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        IdentityCheck.Mode mode;
        try {
            mode = ChatApplication.current().entrance().identities().mode();
        } catch (RuntimeException e) {
            return; // the hub could not be made: StartAtDeployment fails the deployment and says why
        }
        if (mode == IdentityCheck.Mode.CONTAINER) {
            declare(event.getServletContext());
        }
    }

    private static void declare(ServletContext context) {
        ServletRegistration.Dynamic gate = context.addServlet(SERVLET_NAME, new PageBehindLogin());
        if (gate == null) {
            throw new IllegalStateException("CHAT_CONTAINER_LOGIN=on, but a servlet named " + SERVLET_NAME + " already exists");
        }
        gate.addMapping(PATTERNS);
        gate.setServletSecurity(new ServletSecurityElement(new HttpConstraintElement(
                ServletSecurity.TransportGuarantee.NONE, ANY_AUTHENTICATED_USER)));
        LOG.info("CHAT_CONTAINER_LOGIN=on: the page and /ws/* need the container's login (HTTP Basic)");
    }
}
