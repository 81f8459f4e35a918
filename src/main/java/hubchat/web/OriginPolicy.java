package hubchat.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a WebSocket: the page's own origin, those listed in
 * {@code CHAT_ALLOWED_ORIGINS}, and clients that send no {@code Origin} at all (non-browsers,
 * which cannot be hijacked cross-site). Guards against cross-site WebSocket hijacking.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean any;

    /** {@code allowed}: lower-case origins without trailing slash, or {@code *}. */
    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed;
        this.any = allowed.contains("*");
    }

    /**
     * @param origin the request's {@code Origin} header, or null
     * @param host the request's {@code Host} header (the address the browser connected to)
     */
    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(normalized)) {
            return true;
        }
        return host != null && sameAuthority(normalized, host.trim().toLowerCase(Locale.ROOT));
    }

    /** Origin {@code scheme://host[:port]} against Host {@code host[:port]}, default ports filled in. */
    private static boolean sameAuthority(String origin, String host) {
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false; // includes the literal origin "null" of sandboxed pages
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        int defaultPort = uri.getScheme().equals("https") || uri.getScheme().equals("wss") ? 443 : 80;
        int originPort = uri.getPort() == -1 ? defaultPort : uri.getPort();
        String hostName = host;
        int hostPort = defaultPort;
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            hostName = host.substring(0, colon);
            try {
                hostPort = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return uri.getHost().equals(hostName) && originPort == hostPort;
    }
}
