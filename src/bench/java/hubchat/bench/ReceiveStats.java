package hubchat.bench;

/**
 * What one client received in one phase: frames, tokens, and the deliveries of messages sent in
 * the measurement window with their latencies, its own messages' echoes apart from the others'.
 * Written by that client's listener only; the run swaps in a new one between phases.
 */
final class ReceiveStats {

    long frames;
    long chars;
    /** Frames without a token of this run (welcome, presence, binary...). */
    long noToken;
    /** Tokens of another run (an earlier step, the room's history). */
    long foreign;
    /** Deliveries of messages sent inside the window: others' messages, this client's own echoes. */
    long othersWin;
    long echoWin;
    /** Deliveries received inside the window (whenever sent): others', own. */
    long othersRecvIn;
    long echoRecvIn;
    final LatencyHistogram.Recorder latOthers = new LatencyHistogram.Recorder();
    final LatencyHistogram.Recorder latEcho = new LatencyHistogram.Recorder();

    /** A token of this phase: a message sent at {@code sentAt} arrived at {@code now}; {@code own} if this client sent it. */
    void delivered(Phase phase, boolean own, long sentAt, long now) {
        boolean sentInWindow = phase.measures(sentAt);
        boolean receivedInWindow = phase.measures(now);
        long latencyUs = (now - sentAt) / 1000;
        if (own) {
            if (sentInWindow) {
                echoWin++;
                latEcho.add(latencyUs);
            }
            if (receivedInWindow) echoRecvIn++;
        } else {
            if (sentInWindow) {
                othersWin++;
                latOthers.add(latencyUs);
            }
            if (receivedInWindow) othersRecvIn++;
        }
    }
}
