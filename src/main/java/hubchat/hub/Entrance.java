package hubchat.hub;

import hubchat.admission.Admissions;
import hubchat.admission.ClientAddresses;
import hubchat.config.Settings;
import hubchat.identity.IdentityCheck;
import hubchat.protocol.Disconnect;

/**
 * What is asked of a client before it becomes a member, by the handshake filter and the
 * endpoint: who it is (its address, behind trusted proxies the one they name), whether it may
 * come in (its identity, the open connections of its address and of all), and where a refusal
 * or a close before the join is reported. One per hub, made from the hub's settings.
 */
public final class Entrance {
    private final ClientAddresses clientAddresses;
    /** Who may connect: anyone, token holders, or the container's logged-in users. */
    private final IdentityCheck identities;
    /** Open connections per client address and in all, counted from the handshake on. */
    private final Admissions admissions;
    private final Reports reports;

    Entrance(Settings settings, Timekeeper time, Reports reports) {
        this.clientAddresses = new ClientAddresses(settings.trustedProxies());
        this.identities = IdentityCheck.of(settings);
        this.admissions = new Admissions(settings.maxConnectionsPerAddress(), settings.maxConnections(), time::now);
        this.reports = reports;
    }

    /** Who the client of a handshake is. */
    public ClientAddresses clientAddresses() {
        return clientAddresses;
    }

    /** Who may connect, and as whom. */
    public IdentityCheck identities() {
        return identities;
    }

    /** The open connections per client address and in all, which the handshake filter admits. */
    public Admissions admissions() {
        return admissions;
    }

    /**
     * A handshake refused with HTTP {@code status} before the upgrade, for {@code reason} (a
     * token), from {@code address} on a page of {@code origin} (null: none said).
     */
    public void refused(int status, String reason, String address, String origin) {
        reports.refused(status, reason, address, origin);
    }

    /**
     * The endpoint closed a connection for {@code cause} before the hub knew of it (a bad room
     * or query, an identity refused where no filter ran): its end, reported once.
     */
    public void closedBeforeJoin(String room, Admitted admitted, Disconnect cause) {
        reports.closedBeforeJoin(room, admitted, cause);
    }
}
