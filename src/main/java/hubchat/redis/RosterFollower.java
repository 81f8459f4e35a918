package hubchat.redis;

import hubchat.roster.Roster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * One open room's roster as this node follows it: the changes other nodes publish, applied in
 * version order and handed to the room's {@link Roster.Listener}. A change that does not follow
 * the last one (a version skipped, or Redis restarted: another run_id) means some were missed,
 * so the roster is read again and the room told every other node's members afresh; changes
 * arriving during that read wait, and only those after the read's version are applied.
 *
 * <p>Thread-safe: changes come on the pub/sub connection's thread, reads on the command
 * connection's; one lock keeps the listener's calls in order.
 */
final class RosterFollower {
    private static final Logger LOG = Logger.getLogger(RosterFollower.class.getName());

    /** A published change: "RUN \t VERSION \t NODE \t OP \t NICK [\t ARG...]" (see roster.lua). */
    private record Change(String run, long version, String node, String op, String nick, List<String> args) {
        static Change parse(String message) {
            String[] f = message.split("\t", -1);
            return new Change(f[0], Long.parseLong(f[1]), f[2], f[3], f[4], List.of(f).subList(5, f.length));
        }
    }

    private final String room;
    private final String self;
    private final RosterStore store;
    private final Roster.Listener listener;
    private final Roster.LocalSeats seats;

    // Guarded by this.
    private String run;
    private long version;
    /** Changes that came while a read was on its way; null when no read is. */
    private List<Change> waiting;
    /** Another read was asked for while one was on its way: it follows that one. */
    private boolean readAgain;
    private boolean closed;

    RosterFollower(String room, String self, RosterStore store, Roster.Listener listener, Roster.LocalSeats seats) {
        this.room = room;
        this.self = self;
        this.store = store;
        this.listener = listener;
        this.seats = seats;
    }

    String room() {
        return room;
    }

    synchronized void close() {
        closed = true;
    }

    /** A message on the room's roster channel. */
    synchronized void published(String message) {
        Change change;
        try {
            change = Change.parse(message);
        } catch (RuntimeException e) {
            LOG.warning("room " + room + ": roster change not understood, ignored");
            return;
        }
        if (waiting != null) {
            waiting.add(change);
        } else {
            apply(change);
        }
    }

    /** The roster as a sweep read it: if this node has not followed it to there, it reads it again. */
    synchronized void check(RosterStore.Snapshot snapshot) {
        if (waiting == null && (!snapshot.run().equals(run) || snapshot.version() > version)) {
            reread();
        }
    }

    /** Registers this node's seats of the room again, then reads the roster afresh. */
    CompletionStage<Long> register() {
        return seats.seats()
                .thenCompose(mine -> store.sync(room, mine))
                .whenComplete((conflicts, error) -> {
                    if (error == null && conflicts > 0) {
                        LOG.warning("room " + room + ": " + conflicts
                                + " nicks of this node were taken by another node while Redis had lost them");
                    }
                    reread();
                });
    }

    /** Reads the roster and tells the room every other node's members; changes after it follow. */
    synchronized void reread() {
        if (waiting != null) {
            readAgain = true;
            return;
        }
        if (closed) {
            return;
        }
        waiting = new ArrayList<>();
        store.read(room).whenComplete((snapshot, error) -> read(snapshot, error));
    }

    private synchronized void read(RosterStore.Snapshot snapshot, Throwable error) {
        List<Change> after = waiting;
        waiting = null;
        if (readAgain && !closed) {
            readAgain = false;
            reread(); // the changes that came meanwhile wait for this read
            waiting.addAll(after);
            after = List.of();
        }
        if (error != null || closed) {
            run = null; // nothing is followed until a read succeeds (the sweep asks again)
            return;
        }
        run = snapshot.run();
        version = snapshot.version();
        List<String> others = new ArrayList<>(); // a user present on several other nodes: once for each
        for (RosterStore.Seat s : snapshot.seats()) {
            if (s.present() && !s.node().equals(self)) {
                others.add(s.nick());
            }
        }
        listener.others(others);
        for (Change change : after) {
            if (waiting != null) {
                waiting.add(change);
            } else {
                apply(change);
            }
        }
    }

    private void apply(Change change) {
        if (change.run().equals(run) && change.version() <= version) {
            return; // already in what was read
        }
        if (!change.run().equals(run) || change.version() != version + 1) {
            reread();
            return;
        }
        version = change.version();
        if (change.node().equals(self)) {
            return; // this node's own seats: its rooms know already
        }
        switch (change.op()) {
            case "join" -> listener.joined(change.nick());
            case "leave" -> listener.left(change.nick());
            case "rename" -> listener.renamed(change.nick(), change.args().get(0));
            case "resume" -> resumed(change.nick(), change.args().get(0), "p".equals(change.args().get(1)), change.args().get(2));
            default -> LOG.warning("room " + room + ": unknown roster change " + change.op() + ", ignored");
        }
    }

    /**
     * A seat moved by a resume to the change's node from {@code oldNode}. Its nick is present
     * there now: news to the nodes that did not count it as present elsewhere (its old node, and
     * every node if it was held). The old node is told first of the nick elsewhere, then of its
     * seat taken, so that the nick never looks gone there.
     */
    private void resumed(String nick, String oldNode, boolean wasPresent, String oldSeat) {
        boolean mine = oldNode.equals(self);
        if (mine || !wasPresent) {
            listener.joined(nick);
        }
        if (mine) {
            listener.taken(oldSeat);
        }
    }
}
