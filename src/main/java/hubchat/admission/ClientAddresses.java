package hubchat.admission;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client of a connection is: the one place that decides it, for the limits per address
 * (open connections, new rooms). The TCP peer, unless the peer is a proxy listed in
 * {@code CHAT_TRUSTED_PROXIES}: then {@code X-Forwarded-For} is read from its right end (the
 * entry the nearest proxy wrote), past every trusted proxy, and the client is the right-most
 * address that is not a trusted proxy. Entries further left were written by the client or by
 * proxies no one vouches for, so they are never believed. Nothing is trusted by default: a
 * client that writes the header itself to a server it reaches directly changes nothing.
 *
 * <p>A malformed entry (not an IP literal, with or without a port) stops the walk: the client is
 * then the trusted proxy that passed it on, so whatever sits behind that proxy shares its limits
 * rather than escaping them. Addresses come back canonical ({@link IpAddresses#canonical}).
 */
public final class ClientAddresses {
    /** The request header trusted proxies name the client in. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<AddressRange> trusted;

    /**
     * {@code trustedProxies}: addresses and CIDR ranges, as the setting lists them. Throws
     * {@link IllegalArgumentException} naming the first that is neither.
     */
    public ClientAddresses(List<String> trustedProxies) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String entry : trustedProxies) {
            try {
                ranges.add(AddressRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid CHAT_TRUSTED_PROXIES: " + e.getMessage(), e);
            }
        }
        this.trusted = List.copyOf(ranges);
    }

    /**
     * The client of a request from {@code peer} (the TCP peer's address as the container gives
     * it) that carries {@code forwardedFor}, every {@code X-Forwarded-For} header in the order
     * received (none: an empty list). A peer that is not an IP literal is returned as given.
     */
    public String clientOf(String peer, List<String> forwardedFor) {
        InetAddress hop = peer == null ? null : IpAddresses.parse(peer);
        if (hop == null) {
            return peer == null ? "" : peer;
        }
        if (!isTrusted(hop) || forwardedFor.isEmpty()) {
            return IpAddresses.canonical(hop);
        }
        List<String> chain = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String entry : header.split(",", -1)) {
                chain.add(entry.trim());
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            InetAddress entry = IpAddresses.parseWithPort(chain.get(i));
            if (entry == null) {
                break; // malformed: the trusted proxy that passed it on is the client
            }
            hop = entry;
            if (!isTrusted(entry)) {
                break;
            }
        }
        return IpAddresses.canonical(hop);
    }

    private boolean isTrusted(InetAddress address) {
        for (AddressRange r : trusted) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
