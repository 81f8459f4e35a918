package hubchat.web;

import hubchat.config.Settings;
import hubchat.protocol.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which browser pages may open a WebSocket, judged on the handshake's {@code Origin} headers
 * alone: pages of this server's public origins ({@code CHAT_PUBLIC_ORIGIN}) and of those listed
 * in {@code CHAT_ALLOWED_ORIGINS} (or any, with {@code *}). Guards against cross-site WebSocket
 * hijacking, where a page elsewhere uses the visitor's browser (its cookies, its network) to
 * talk to this server.
 *
 * <p>Never judged against the request's {@code Host}: a DNS-rebinding page has a Host of its
 * own choosing that agrees with its Origin. Scheme, host and port must match exactly (see
 * {@link Origin}). A handshake with no {@code Origin} is allowed: it does not come from a
 * browser (browsers send {@code Origin} on every WebSocket handshake, and hijacking needs a
 * browser), and a non-browser client could write any Origin it liked anyway. Everything a
 * browser never sends is refused: two or more {@code Origin} headers, a value that is not an
 * origin, and the opaque origin {@code null} (sandboxed frames, {@code file:} pages) unless
 * {@code *} allows everything.
 */
public final class OriginPolicy {
    /** The opaque origin browsers send for sandboxed frames, {@code data:} and {@code file:} pages. */
    private static final String OPAQUE = "null";

    /** Why a handshake is refused: the text of its HTTP 403, naming the rule and never echoing the header. */
    public enum Refusal {
        REPEATED("origin not allowed: more than one Origin header"),
        OPAQUE("origin not allowed: the opaque origin null, which only CHAT_ALLOWED_ORIGINS=* allows"),
        MALFORMED("origin not allowed: the Origin header is not scheme://host[:port]"),
        NOT_LISTED("origin not allowed: neither in CHAT_PUBLIC_ORIGIN nor in CHAT_ALLOWED_ORIGINS");

        private final String text;

        Refusal(String text) {
            this.text = text;
        }

        /** The refusal's text, for the 403 and the docs. */
        public String text() {
            return text;
        }
    }

    private final Set<Origin> trusted;
    private final boolean any;

    /** Pages of {@code trusted} may connect; with {@code any}, pages of any origin. */
    public OriginPolicy(List<Origin> trusted, boolean any) {
        this.trusted = Set.copyOf(trusted);
        this.any = any;
    }

    /** The policy of these settings: the public origins and the allowed ones. */
    public static OriginPolicy of(Settings settings) {
        List<Origin> trusted = new ArrayList<>(settings.publicOrigins());
        trusted.addAll(settings.allowedOrigins());
        return new OriginPolicy(trusted, settings.anyOriginAllowed());
    }

    /**
     * Why a handshake with these {@code Origin} header values (every one the request has, in
     * order; none for a non-browser client) is refused, or null if it may go on.
     */
    public Refusal refusal(List<String> originHeaders) {
        if (originHeaders.isEmpty()) {
            return null;
        }
        if (originHeaders.size() > 1) {
            return Refusal.REPEATED;
        }
        String value = originHeaders.get(0).strip(); // optional whitespace around a header value is not part of it
        if (value.equals(OPAQUE)) {
            return any ? null : Refusal.OPAQUE;
        }
        Origin origin;
        try {
            origin = Origin.parse(value);
        } catch (IllegalArgumentException e) {
            return Refusal.MALFORMED;
        }
        return any || trusted.contains(origin) ? null : Refusal.NOT_LISTED;
    }
}
