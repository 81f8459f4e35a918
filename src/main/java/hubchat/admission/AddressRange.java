package hubchat.admission;

import java.net.InetAddress;

/**
 * One address or CIDR range ({@code 192.0.2.7}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}), as
 * {@code CHAT_TRUSTED_PROXIES} lists them. An IPv4 range matches IPv4 addresses only, an IPv6
 * range IPv6 ones (an IPv4-mapped IPv6 address is read as the IPv4 address it maps). Public
 * for the other lists of addresses ({@code CHAT_METRICS_ALLOW}), which follow the same rule.
 */
public final class AddressRange {
    private final byte[] network;
    private final int prefixBits;

    private AddressRange(byte[] network, int prefixBits) {
        this.network = network;
        this.prefixBits = prefixBits;
    }

    /** Reads {@code text}; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress a = IpAddresses.parse(address);
        if (a == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
        }
        byte[] bytes = a.getAddress();
        int bits = bytes.length * 8;
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(prefix) > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length that is not 0 to " + bits);
            }
            bits = Integer.parseInt(prefix);
        }
        return new AddressRange(bytes, bits);
    }

    /** Whether {@code text}, an IP literal as {@link ClientAddresses} returns it, is in the range; false if it is none. */
    public boolean contains(String text) {
        InetAddress address = IpAddresses.parse(text);
        return address != null && contains(address);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
