package hubchat.roster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The roster of a node alone: there are no other nodes, so every seat of a room is in the
 * room itself, which has already left its own nicks out of the candidates: a claim takes the
 * first, at once.
 */
public final class LocalRoster implements Roster {

    @Override
    public void open(String room, Listener listener, LocalSeats seats) {
    }

    @Override
    public void close(String room) {
    }

    @Override
    public CompletionStage<Optional<String>> claim(String room, String seatKey, List<String> candidates) {
        return CompletableFuture.completedFuture(candidates.stream().findFirst());
    }

    @Override
    public CompletionStage<Optional<String>> rename(String room, String seatKey, List<String> candidates) {
        return claim(room, seatKey, candidates);
    }

    @Override
    public void secret(String room, String seatKey, String secret) {
    }

    /** A node alone has no other node's seat to give: the room has already looked for the secret among its own. */
    @Override
    public CompletionStage<Optional<Resumed>> resume(String room, String seatKey, String secret) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public void present(String room, String seatKey, boolean present) {
    }

    @Override
    public void release(String room, String seatKey) {
    }
}
