package hubchat.hub;

import java.util.Objects;

/**
 * What the handshake knew of a connection before it joined: the address of its client, under
 * which the limits per address count it (new rooms here; open connections in the handshake
 * filter), and what to run once the hub lets go of the connection, such as giving back its place
 * under the connection limits. The hub runs {@code released} at most once per connection.
 *
 * @param address the client's address as the handshake judged it (behind trusted proxies, the
 *        one their {@code X-Forwarded-For} names); empty where it is unknown, and every such
 *        connection then shares one budget
 */
public record Admitted(String address, Runnable released) {
    /** A connection no handshake check saw: no known address, nothing to give back. */
    public static final Admitted UNKNOWN = new Admitted("", () -> { });

    public Admitted {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(released, "released");
    }
}
