package hubchat.hub;

import hubchat.roster.Roster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A roster as other nodes would make it, played by the test: nicks it says other nodes hold
 * ({@link #takenElsewhere}), claims it answers only when told ({@link #holdClaims}), and the
 * other nodes' changes it tells a room ({@link #listener}). It keeps the seats the hub
 * released, so a test can see that a nick was given back.
 */
final class ScriptedRoster implements Roster {
    private final Set<String> takenElsewhere = ConcurrentHashMap.newKeySet();
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> heldClaims = new ArrayList<>();
    private boolean holding;
    final Set<String> released = ConcurrentHashMap.newKeySet();

    /** Other nodes hold {@code nick} (case-insensitively). */
    void takenElsewhere(String nick) {
        takenElsewhere.add(nick.toLowerCase());
    }

    synchronized void holdClaims() {
        holding = true;
    }

    void releaseClaims() {
        List<Runnable> answers;
        synchronized (this) {
            holding = false;
            answers = new ArrayList<>(heldClaims);
            heldClaims.clear();
        }
        answers.forEach(Runnable::run);
    }

    /** What the room {@code room} hears about other nodes. */
    Listener listener(String room) {
        return listeners.get(room);
    }

    @Override
    public void open(String room, Listener listener, LocalSeats seats) {
        listeners.put(room, listener);
    }

    @Override
    public void close(String room) {
        listeners.remove(room);
    }

    @Override
    public CompletionStage<Optional<String>> claim(String room, String seatKey, List<String> candidates) {
        CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
        Runnable claim = () -> answer.complete(
                candidates.stream().filter(c -> !takenElsewhere.contains(c.toLowerCase())).findFirst());
        synchronized (this) {
            if (holding) {
                heldClaims.add(claim);
                return answer;
            }
        }
        claim.run();
        return answer;
    }

    @Override
    public CompletionStage<Optional<String>> rename(String room, String seatKey, List<String> candidates) {
        return claim(room, seatKey, candidates);
    }

    @Override
    public void secret(String room, String seatKey, String secret) {
    }

    /** No other node's seat is ever resumed here; a room's own seats are found by the room. */
    @Override
    public CompletionStage<Optional<Resumed>> resume(String room, String seatKey, String secret) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public void present(String room, String seatKey, boolean present) {
    }

    @Override
    public void release(String room, String seatKey) {
        released.add(seatKey);
    }
}
