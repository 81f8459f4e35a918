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
 *
 * <p>Epochs: a room's position is ({@link Stored#epoch}, {@link Stored#seq}). Within an epoch,
 * seqs are dense from where the epoch began, and the feed gets them in order, each once. An
 * engine that can lose stored messages (Redis restarted empty, or from an older snapshot)
 * begins a new epoch when it may have; the memory engine never changes epoch while it runs.
 * At a change of epoch the feed sees this: first, in order, the messages of the old epoch
 * that are still stored and that this node had not delivered; then the new epoch's messages
 * in order. The new epoch's seq starts over at any value: at 1, or just after what the store
 * kept, so it may be at, below or above the last seq delivered in the old epoch; the first
 * delivered {@code Stored} of the new epoch is the first message of that epoch this node had
 * not delivered. Messages the store lost are not delivered (if they had not been already).
 * Within an epoch, a seq may skip only if messages were dropped by retention before this node
 * could deliver them (it was cut off from the store for longer than the history lasts). A
 * {@link History} carries the room's current epoch and seq: after a loss they may be lower
 * than, and of another epoch than, what the feed delivered last.
 */
public interface Engine {

    /**
     * How many (sender, cid) pairs each room remembers, in every engine: a re-send older than that
     * is stored again. A sender is its user id if it has one, else its nick ({@link CidKey}).
     */
    int REMEMBERED_CIDS = 256;

    /** This node has members in {@code room}: from now on its messages go to {@code feed}. */
    void open(String room, Feed feed);

    /** This node has no more members in {@code room}: no more deliveries for it. */
    void close(String room);

    /**
     * Stores {@code text} from {@code sender} (its nick, shown as the message's {@code from}) with
     * user id {@code senderId} (the stable id of a sender whose identity the server checked, kept
     * with the message as its {@code fromId} and given back by every read; null for an anonymous
     * sender), sent from {@code origin} (opaque to the engine and kept with the message, so that
     * the node holding the sender's connection knows it is its own). A {@code cid} (may be null)
     * that the same sender used lately in this room is a re-send, from whatever connection or
     * node: the stage completes with the message stored then, marked {@link Appended#earlier},
     * and nothing is stored or delivered again. The same sender is the same user id if there is
     * one, else the same nick ({@link CidKey}).
     *
     * <p>A stored message is answered to its sender only by the feed (its own copy), so the
     * stage of a message that is not a re-send completes only once this node's feed of the room
     * delivered it (if the room is open here). A message the store lost after storing it but
     * before this node's feed delivered it is never delivered (see the epochs above): its append
     * then fails with {@link EngineUnavailableException}, as does one not delivered within the
     * engine's own wait, so that its sender sends it again (its cid tells a re-send of a message
     * that was kept).
     *
     * <p>Fails with {@link hubchat.protocol.UnencodableFrameException} if the message's frame
     * cannot be made (nothing is stored), or {@link EngineUnavailableException} if it cannot be
     * stored now.
     */
    CompletionStage<Appended> append(String room, String sender, String senderId, String origin, String text, String cid);

    /** Up to {@code limit} newest messages, oldest first, and the position they end at. */
    CompletionStage<History> latest(String room, int limit);

    /**
     * Every retained message after {@code id}, oldest first; empty if {@code id} is unknown or
     * no longer retained (the caller then cannot resume without a gap).
     */
    CompletionStage<Optional<History>> after(String room, String id);

    /** Up to {@code limit} messages just before {@code id}, oldest first; none if {@code id} is unknown. */
    CompletionStage<History> before(String room, String id, int limit);

    /**
     * Whether the engine can store and read now, for a readiness check: always for the memory
     * engine; for a shared store, whether this node is connected to it (it reconnects by itself).
     */
    default boolean isAvailable() {
        return true;
    }

    /** What the engine stores in, as {@code /health/ready} names it: memory, database or redis. */
    default String kind() {
        return "memory";
    }

    /**
     * Whether {@link #append} hands the message to the room's feed before it returns (the memory
     * engine), rather than later from elsewhere (a shared store). A room whose engine delivers
     * later runs its turns while its frames are written, so that what is delivered meanwhile goes
     * out in the next write instead of the one after.
     */
    default boolean deliversAtOnce() {
        return false;
    }

    /**
     * What the engine delivers a node's room to. Called on the engine's threads, never two calls
     * for one room at once; must not block.
     */
    interface Feed {
        void deliver(Stored stored);
    }
}
