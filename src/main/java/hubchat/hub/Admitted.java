package hubchat.hub;

import hubchat.identity.Identity;
import java.util.Objects;

/**
 * What the handshake knew of a connection before it joined: the address of its client, under
 * which the limits per address count it (new rooms here; open connections in the handshake
 * filter), what to run once the hub lets go of the connection, such as giving back its place
 * under the connection limits, and who its user is, if the server checks identity. The hub runs
 * {@code released} at most once per connection.
 *
 * @param address the client's address as the handshake judged it (behind trusted proxies, the
 *        one their {@code X-Forwarded-For} names); empty where it is unknown, and every such
 *        connection then shares one budget
 * @param identity the user the handshake proved ({@link hubchat.identity.IdentityCheck}); null
 *        when the server does not check identity: the client is whoever its nick says
 * @param origin the handshake's {@code Origin} header (the page's origin), for the connection
 *        log only; null if it had none
 */
public record Admitted(String address, Runnable released, Identity identity, String origin) {
    /** A connection no handshake check saw: no known address, nothing to give back, no identity. */
    public static final Admitted UNKNOWN = new Admitted("", () -> { });

    public Admitted {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(released, "released");
    }

    /** The same connection, with the user {@code proved} (null: none). */
    public Admitted as(Identity proved) {
        return new Admitted(address, released, proved, origin);
    }

    /** The same connection, from a page of {@code pageOrigin} (null: none said). */
    public Admitted from(String pageOrigin) {
        return new Admitted(address, released, identity, pageOrigin);
    }

    /** A connection with an identity (or none), from no origin the handshake told. */
    public Admitted(String address, Runnable released, Identity identity) {
        this(address, released, identity, null);
    }

    /** A connection without an identity. */
    public Admitted(String address, Runnable released) {
        this(address, released, null, null);
    }
}
