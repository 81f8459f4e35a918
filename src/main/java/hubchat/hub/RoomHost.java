package hubchat.hub;

import hubchat.metrics.ChatMetrics;
import java.util.List;

/**
 * What a {@link Room} needs from the hub around it, and all it may ask: threads for its turns
 * and its writes, the time, the registries that outlive it, and the metrics and log it reports to. {@link Rooms} provides it.
 */
interface RoomHost {

    /** Runs one turn of a room on the hub's room threads. */
    void runTurn(Runnable turn);

    /**
     * Drains the connections a turn gave frames to, on the writer threads; {@code done} runs
     * once every one has been handed to its transport.
     */
    void write(List<Connection> connections, Runnable done);

    Timekeeper time();

    /** The room had expired when {@code m}'s join reached it: routes the join to its successor. */
    void reenter(Member m);

    /** The room is expired: later joins create a new room of that name. */
    void forget(Room room);

    /** {@code m}'s seat went to a resume: it is no longer counted or watched for liveness. */
    void retire(Member m);

    /** Where the room counts messages, deliveries, errors and its writes' fan-out time. */
    ChatMetrics metrics();

    /** {@code m} has taken its seat (its nick is set): the connection log's {@code connect} line. */
    void seated(Member m);
}
