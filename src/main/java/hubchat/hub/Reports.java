package hubchat.hub;

import hubchat.logging.ConnectionLog;
import hubchat.metrics.ChatMetrics;
import hubchat.protocol.Disconnect;

/**
 * The one place a connection's end is reported, with its cause: counted in
 * {@code hubchat_disconnects_total} and written to the connection log, once per connection
 * ({@link Members#remove} calls it for the first report of an end only; the endpoint for a
 * connection the hub never knew). Refused handshakes are reported here too.
 */
final class Reports implements Members.Ends {
    private final ChatMetrics metrics;
    private final Timekeeper time;

    Reports(ChatMetrics metrics, Timekeeper time) {
        this.metrics = metrics;
        this.time = time;
    }

    @Override
    public void ended(Member m, Disconnect cause, int closeCode) {
        metrics.disconnected(cause);
        ConnectionLog.disconnected(m.roomName(), m.lastNick(), m.admitted().address(), m.admitted().origin(), cause,
                closeCode, time.now() - m.connectedAt());
    }

    /** A connection the endpoint closed for {@code cause} before the hub knew of it. */
    void closedBeforeJoin(String room, Admitted admitted, Disconnect cause) {
        metrics.disconnected(cause);
        ConnectionLog.disconnected(room, null, admitted.address(), admitted.origin(), cause, cause.code(), 0);
    }

    /** A handshake refused with HTTP {@code status} before the upgrade. */
    void refused(int status, String reason, String address, String origin) {
        metrics.handshakeRefused(status);
        ConnectionLog.refused(status, reason, address, origin);
    }
}
