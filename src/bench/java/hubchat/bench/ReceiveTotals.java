package hubchat.bench;

/**
 * The sum of every client's {@link ReceiveStats} for one phase, with the merged latencies, and
 * how many clients got no delivery at all.
 */
final class ReceiveTotals {

    long frames, chars, noToken, foreign, othersWin, echoWin, othersRecvIn, echoRecvIn;
    /** Clients that got none of the window's messages, not even their own. */
    int starved;
    final LatencyHistogram latOthers = new LatencyHistogram();
    final LatencyHistogram latEcho = new LatencyHistogram();

    /** Adds one client's statistics. */
    void add(ReceiveStats s) {
        frames += s.frames;
        chars += s.chars;
        noToken += s.noToken;
        foreign += s.foreign;
        othersWin += s.othersWin;
        echoWin += s.echoWin;
        othersRecvIn += s.othersRecvIn;
        echoRecvIn += s.echoRecvIn;
        latOthers.merge(s.latOthers);
        latEcho.merge(s.latEcho);
        if (s.othersWin == 0 && s.echoWin == 0) starved++;
    }
}
