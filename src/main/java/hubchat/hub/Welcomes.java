package hubchat.hub;

import hubchat.engine.Engine;
import hubchat.engine.History;
import hubchat.protocol.ErrorCode;
import hubchat.protocol.Frames;
import hubchat.protocol.Limits;
import java.util.List;
import java.util.Optional;
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
    private final Attendance attendance;
    private final Seats seats;
    private final Delivered delivered;
    private final Turns turns;

    Welcomes(String room, Engine engine, Attendance attendance, Seats seats, Delivered delivered, Turns turns) {
        this.room = room;
        this.engine = engine;
        this.attendance = attendance;
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
        if (!attendance.contains(m)) {
            return;
        }
        History h = error == null ? answer.history()
                : new History(List.of(), String.valueOf(delivered.epoch()), delivered.lastSeq());
        if (!delivered.canCatchUp(h.epoch(), h.seq())) {
            read(m, since, badNick); // read too long ago: what came since is no longer kept here
            return;
        }
        turns.deliver(m, Frames.welcome(room, m.nick(), attendance.names(m), attendance.count(), h.messages(),
                error == null && answer.resumed(), seats.renewSecret(m.seat())));
        m.welcomedAt(h.epoch(), h.seq());
        delivered.catchUp(m, h.epoch(), h.seq());
        if (badNick) {
            turns.sendError(m, ErrorCode.BAD_NICK, Frames.badNick(m.nick()));
        }
    }
}
