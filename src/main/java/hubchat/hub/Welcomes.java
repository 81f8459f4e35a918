package hubchat.hub;

import hubchat.engine.Engine;
import hubchat.engine.History;
import hubchat.protocol.Frames;
import hubchat.protocol.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One room's welcomes: a joining member's history is read from the engine (what it missed since
 * its {@code since} if the engine still has all of it, else the latest), and when the answer is
 * back, as an event of the room, the welcome goes out, followed by what the room delivered after
 * that history was read. Until then the member gets nothing. Room thread only.
 */
final class Welcomes {
    private final String room;
    private final Engine engine;
    private final Set<Member> members;
    private final Seats seats;
    private final Delivered delivered;
    private final Turns turns;

    Welcomes(String room, Engine engine, Set<Member> members, Seats seats, Delivered delivered, Turns turns) {
        this.room = room;
        this.engine = engine;
        this.members = members;
        this.seats = seats;
        this.delivered = delivered;
        this.turns = turns;
    }

    private record Answer(History history, boolean resumed) {
    }

    /** Reads {@code m}'s welcome history; {@code badNick}: an error about its nick follows the welcome. */
    void read(Member m, String since, boolean badNick) {
        CompletionStage<Optional<History>> missed = since == null
                ? CompletableFuture.completedFuture(Optional.empty()) : engine.after(room, since);
        missed.thenCompose(resume -> resume.isPresent()
                        ? CompletableFuture.completedFuture(new Answer(resume.get(), true))
                        : engine.latest(room, Limits.WELCOME_HISTORY).thenApply(h -> new Answer(h, false)))
                .whenComplete((answer, error) -> turns.submit(() -> send(m, since, answer, error, badNick)));
    }

    /** From here on {@code m} gets every message once, with no gap (see {@link Member#follows}). */
    private void send(Member m, String since, Answer answer, Throwable error, boolean badNick) {
        if (!members.contains(m)) {
            return;
        }
        History h = error == null ? answer.history() : new History(List.of(), "", delivered.lastSeq());
        if (h.seq() < delivered.lastSeq() && !delivered.canCatchUp(h.seq())) {
            read(m, since, badNick); // read too long ago: what came since is no longer kept here
            return;
        }
        turns.deliver(m, Frames.welcome(room, m.nick(), memberNames(m), members.size(), h.messages(),
                error == null && answer.resumed(), seats.renewSecret(m.seat())));
        m.welcomedAt(h.seq());
        delivered.catchUp(m, h.seq());
        if (badNick) {
            turns.deliver(m, Frames.badNick(m.nick()));
        }
    }

    /** The requester first, then others, at most {@link Limits#MAX_LISTED_NAMES}. */
    private List<String> memberNames(Member you) {
        List<String> names = new ArrayList<>(Math.min(members.size(), Limits.MAX_LISTED_NAMES));
        names.add(you.nick());
        for (Member m : members) {
            if (names.size() == Limits.MAX_LISTED_NAMES) {
                break;
            }
            if (m != you) {
                names.add(m.nick());
            }
        }
        return names;
    }
}
