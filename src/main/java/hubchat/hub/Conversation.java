package hubchat.hub;

import hubchat.engine.Appended;
import hubchat.engine.Engine;
import hubchat.metrics.ChatMetrics;
import hubchat.protocol.ClientFrame;
import hubchat.protocol.ErrorCode;
import hubchat.protocol.Frames;
import hubchat.protocol.OutboundFrame;
import hubchat.protocol.UnencodableFrameException;
import java.util.concurrent.CompletionException;

/**
 * What members of one room say (messages, typing) and ask of its engine (pages of history).
 * The engine answers on its own threads; the answers come back as events of the room. A stored
 * message needs no answer here: the engine delivers it, and the room fans it out. Room thread
 * only, like the room.
 */
final class Conversation {
    private final String room;
    private final Engine engine;
    private final Attendance attendance;
    private final Turns turns;
    private final ChatMetrics metrics;

    Conversation(String room, Engine engine, Attendance attendance, Turns turns, ChatMetrics metrics) {
        this.metrics = metrics;
        this.room = room;
        this.engine = engine;
        this.attendance = attendance;
        this.turns = turns;
    }

    /**
     * Stores a message; the room fans it out when the engine delivers it. A message stored is
     * counted here, on the sender's node, once its engine says so. A re-send of a recent
     * one (same sender, known by its user id or else its nick, and same cid: the client could not
     * tell whether it arrived before its connection dropped) is only acknowledged.
     */
    void post(Member sender, ClientFrame.Post p) {
        // The sender's copy adds cid to the stored message: check it can be made before storing.
        Frames.requireEncodable(p.cid());
        engine.append(room, sender.nick(), sender.identity() == null ? null : sender.identity().userId(),
                sender.origin(), p.text(), p.cid())
                .whenComplete((appended, error) -> {
                    if (error != null || appended.earlier()) { // a stored message needs no answer: it is delivered
                        turns.submit(() -> appended(sender, p.cid(), appended, error));
                    } else {
                        metrics.messageReceived();
                    }
                });
    }

    private void appended(Member sender, String cid, Appended appended, Throwable error) {
        if (!attendance.contains(sender)) {
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof UnencodableFrameException) {
            turns.sendError(sender, ErrorCode.BAD_REQUEST, Frames.error(ErrorCode.BAD_REQUEST, Room.UNENCODABLE));
        } else if (cause != null) {
            turns.sendError(sender, ErrorCode.UNAVAILABLE,
                    Frames.error(ErrorCode.UNAVAILABLE, "the message could not be stored; send it again", cid));
        } else if (appended.earlier()) {
            turns.deliver(sender, Frames.message(appended.stored().message(), cid));
        }
    }

    /** The page asked for, or an error if the engine cannot read it now. */
    void history(Member m, ClientFrame.HistoryRequest request) {
        (request.before() == null
                ? engine.latest(room, request.limit())
                : engine.before(room, request.before(), request.limit()))
                .whenComplete((h, error) -> turns.submit(() -> {
                    if (attendance.contains(m) && error == null) {
                        turns.deliver(m, Frames.history(h.messages()));
                    } else if (attendance.contains(m)) {
                        turns.sendError(m, ErrorCode.UNAVAILABLE,
                                Frames.error(ErrorCode.UNAVAILABLE, "history could not be read; ask again"));
                    }
                }));
    }

    /** Tells every other welcomed member here that {@code sender} is typing. */
    void typing(Member sender) {
        OutboundFrame frame = Frames.typing(sender.nick());
        for (Member m : attendance.local()) {
            if (m.seat() != sender.seat() && m.welcomed()) { // not to the sender's other tabs
                turns.deliver(m, frame);
            }
        }
    }
}
