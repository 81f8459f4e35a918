package hubchat.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A web origin as a browser sends it in a handshake's {@code Origin} header and as an operator
 * names one in a setting: {@code scheme://host[:port]} (RFC 6454), nothing more. Two origins are
 * the same exactly when scheme, host and port are: {@link #parse} lower-cases the scheme and the
 * host, writes an IPv6 literal in one form and makes a default port explicit, so
 * {@code http://Example.com} and {@code http://example.com:80} are equal records.
 *
 * <p>Strict on purpose: browsers serialize origins this way and no other, so anything else (user
 * info, a path, a query, a fragment, a scheme other than http and https, a host with characters
 * a host name cannot have, a port outside 1 to 65535) is not an origin and is refused rather than
 * read generously. The opaque origin {@code null} is not an {@code Origin} either: the caller
 * decides about it.
 *
 * @param scheme {@code http} or {@code https}
 * @param host lower case; an IPv6 literal in brackets, in {@link InetAddress#getHostAddress()}'s form
 * @param port always explicit (80 or 443 where the text had none)
 */
public record Origin(String scheme, String host, int port) {
    /** The schemes a page with a WebSocket client is served by, and their default ports. */
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443);
    /** Longest text read as an origin: far above any real host name (253) and port. */
    public static final int MAX_LENGTH = 512;
    /** A host name or IPv4 address: letters, digits, hyphens, dots (underscores, which browsers accept). */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");
    /** What may stand between an IPv6 literal's brackets (no zone: an origin never has one). */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final int MAX_PORT = 65535;

    /**
     * The origin {@code text} stands for; throws {@link IllegalArgumentException} saying what is
     * wrong, without repeating the text (it may come from anyone).
     */
    public static Origin parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        int sep = text.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("not scheme://host[:port]");
        }
        String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
        Integer defaultPort = DEFAULT_PORTS.get(scheme);
        if (defaultPort == null) {
            throw new IllegalArgumentException("the scheme is not http or https");
        }
        String authority = text.substring(sep + 3);
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("user info (before an @) is not part of an origin");
        }
        if (authority.indexOf('/') >= 0 || authority.indexOf('?') >= 0 || authority.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a path, query or fragment is not part of an origin");
        }
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 literal without its closing ]");
            }
            host = ipv6(authority.substring(1, close));
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("something other than :port after the IPv6 literal");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException(host.isEmpty() ? "no host"
                        : "the host has characters a host name cannot have (non-ASCII names are written in punycode)");
            }
            host = host.toLowerCase(Locale.ROOT);
        }
        return new Origin(scheme, host, port == null ? defaultPort : port(port));
    }

    /** {@code scheme://host[:port]}, the port left out where it is the scheme's default: as browsers write it. */
    @Override
    public String toString() {
        boolean defaultPort = DEFAULT_PORTS.getOrDefault(scheme, -1) == port;
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    private static int port(String text) {
        if (!PORT.matcher(text).matches()) {
            throw new IllegalArgumentException("the port is not a number from 1 to " + MAX_PORT);
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException("the port is not a number from 1 to " + MAX_PORT);
        }
        return port;
    }

    /** {@code [address]} in one form, so {@code [::1]} and {@code [0:0::1]} are the same host. */
    private static String ipv6(String literal) {
        if (!IPV6.matcher(literal).matches()) {
            throw new IllegalArgumentException("not an IPv6 literal between the brackets");
        }
        InetAddress address;
        try {
            // A bracketed literal is parsed, never looked up: only hex digits, colons and dots get here.
            address = InetAddress.getByName("[" + literal + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 literal between the brackets");
        }
        // An IPv4-mapped literal comes back as an IPv4 address: kept as written, lower-cased.
        String text = address instanceof Inet6Address ? address.getHostAddress() : literal.toLowerCase(Locale.ROOT);
        return "[" + text + "]";
    }
}
