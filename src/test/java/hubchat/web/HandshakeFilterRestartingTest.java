package hubchat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubchat.protocol.Disconnect;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A handshake while no hub serves (none made yet, or the deployment's hub stopped: the
 * container still routes the request while the application ends) is refused before the upgrade
 * with 503, the close reason {@code restarting} and {@code Retry-After}, never passed on. The
 * draining hub itself answers the same: {@code ChatHub.isDraining}, pinned in {@code HubStopTest}.
 */
class HandshakeFilterRestartingTest {

    @Test
    void aHandshakeWhileNoHubServesIsRefused503RestartingWithRetryAfter() throws Exception {
        Map<String, Object> answer = new HashMap<>();
        HttpServletRequest request = proxy(HttpServletRequest.class, (method, args) -> switch (method) {
            case "getRequestURI" -> "/chat/ws/lobby";
            case "getContextPath" -> "/chat";
            case "getQueryString" -> "nick=ann";
            case "getHeaders" -> Collections.emptyEnumeration();
            default -> throw new AssertionError("not asked: " + method);
        });
        HttpServletResponse response = proxy(HttpServletResponse.class, (method, args) -> {
            switch (method) {
                case "setHeader" -> answer.put((String) args[0], args[1]);
                case "sendError" -> {
                    answer.put("status", args[0]);
                    answer.put("message", args[1]);
                }
                default -> throw new AssertionError("not asked: " + method);
            }
            return null;
        });
        FilterChain chain = (req, res) -> {
            throw new AssertionError("passed on to the upgrade");
        };
        new HandshakeFilter().doFilter(request, response, chain);
        assertEquals(Map.of("status", 503, "message", Disconnect.RESTARTING.reason(), "Retry-After", "2"), answer);
    }

    private interface Answers {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answers answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answers.answer(method.getName(), args)));
    }
}
