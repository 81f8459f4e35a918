package hubchat.engine;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where a room's messages are stored, numbered and delivered: the part of the hub that a
 * multi-node engine (e.g. on Redis) replaces. The in-memory {@link MemoryEngine} is the default.
 *
 * <p>Nothing here blocks the caller: every answer is a {@link CompletionStage}, completed on
 * whatever thread the engine has (at once, on the caller's, for the memory engine). A room
 * never acts on an answer directly; it queues it as an event in its mailbox.
 *
 * <p>Delivery: once a room is {@linkplain #open opened} on a node, the engine hands that node's
 * {@link Feed} every message stored in the room from then on, by any node, once each and in
 * the room's order ({@link Stored#seq}). The room fans out what it is fed, not what it
 * appended, so every node shows one order.
 */
public interface Engine {

    /** This node has members in {@code room}: from now on its messages go to {@code feed}. */
    void open(String room, Feed feed);

    /** This node has no more members in {@code room}: no more deliveries for it. */
    void close(String room);

    /**
     * Stores {@code text} from {@code sender} (its nick: the sender's identity), sent from
     * {@code origin} (opaque to the engine and kept with the message, so that the node holding
     * the sender's connection knows it is its own). A {@code cid} (may be null) that
     * {@code sender} used lately in this room is a re-send, from whatever connection or node: the stage completes with the message stored then,
     * marked {@link Appended#earlier}, and nothing is stored or delivered again.
     *
     * <p>Fails with {@link hubchat.protocol.UnencodableFrameException} if the message's frame
     * cannot be made (nothing is stored), or {@link EngineUnavailableException} if it cannot be
     * stored now.
     */
    CompletionStage<Appended> append(String room, String sender, String origin, String text, String cid);

    /** Up to {@code limit} newest messages, oldest first, and the position they end at. */
    CompletionStage<History> latest(String room, int limit);

    /**
     * Every retained message after {@code id}, oldest first; empty if {@code id} is unknown or
     * no longer retained (the caller then cannot resume without a gap).
     */
    CompletionStage<Optional<History>> after(String room, String id);

    /** Up to {@code limit} messages just before {@code id}, oldest first; none if {@code id} is unknown. */
    CompletionStage<History> before(String room, String id, int limit);

    /** What the engine delivers a node's room to. Called on the engine's threads; must not block. */
    interface Feed {
        void deliver(Stored stored);
    }
}
