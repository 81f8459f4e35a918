package hubchat.admission;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals, read without ever asking DNS: IPv4 as four decimal octets, IPv6 in any
 * form Java reads (an IPv4-mapped one becomes the IPv4 address), each written back in one
 * canonical form, so that one client is one key however a header or container wrote it.
 */
final class IpAddresses {
    /** Most characters of an IPv6 literal (eight groups, or six and an IPv4 tail). */
    private static final int MAX_LITERAL_CHARS = 45;

    private IpAddresses() {
    }

    /**
     * The address {@code text} names, or null if it is not an IP literal. An entry of a forwarding
     * header may carry a port ({@code 192.0.2.1:443}, {@code [2001:db8::1]:443}), which is dropped.
     */
    static InetAddress parseWithPort(String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || !isPortOrNothing(text.substring(close + 1))) {
                return null;
            }
            return parseV6(text.substring(1, close));
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon == text.lastIndexOf(':') && isPortOrNothing(text.substring(colon))) {
            return parseV4(text.substring(0, colon));
        }
        return parse(text);
    }

    /** The address {@code text} names, or null if it is not an IP literal. */
    static InetAddress parse(String text) {
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /** The canonical text of {@code address}: dotted IPv4, or IPv6 as Java writes it, without scope. */
    static String canonical(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return address instanceof Inet6Address && scope >= 0 ? text.substring(0, scope) : text;
    }

    private static InetAddress parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int n = Integer.parseInt(p);
            if (n > 255) {
                return null;
            }
            bytes[i] = (byte) n;
        }
        return byAddress(bytes);
    }

    private static InetAddress parseV6(String text) {
        // Only hex digits, colons and dots (an IPv4 tail), with at least one colon: Java then
        // reads it as a literal or refuses it, and never looks the text up as a host name.
        if (text.length() < 2 || text.length() > MAX_LITERAL_CHARS || text.indexOf(':') < 0
                || !text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isPortOrNothing(String rest) {
        if (rest.isEmpty()) {
            return true;
        }
        return rest.length() >= 2 && rest.length() <= 6 && rest.charAt(0) == ':'
                && rest.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
