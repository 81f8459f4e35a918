package hubchat.engine;

import hubchat.protocol.ChatMessage;
import java.util.List;
import java.util.Optional;

/**
 * Where a room's messages get their ids and are kept: the part of the hub that a multi-node
 * engine (e.g. on Redis) replaces. The in-memory {@link MemoryEngine} is the default.
 *
 * <p>Threading: the hub calls an engine for one room from one thread at a time (the room's
 * serial executor), so an engine need not lock per room; calls for different rooms run
 * concurrently.
 */
public interface Engine {

    /**
     * Stores a new message and returns it with its id and timestamp.
     *
     * @throws hubchat.protocol.UnencodableFrameException if the message's frame cannot be made
     *         (see {@link ChatMessage}); then nothing is stored, so history holds only messages
     *         every container can write
     */
    ChatMessage append(String room, String from, String text);

    /**
     * Every retained message after {@code id}, oldest first; empty if {@code id} is unknown
     * or no longer retained (the caller then cannot resume without a gap).
     */
    Optional<List<ChatMessage>> after(String room, String id);

    /** Up to {@code limit} newest messages, oldest first. */
    List<ChatMessage> latest(String room, int limit);

    /** Up to {@code limit} messages just before {@code id}, oldest first; empty if unknown. */
    List<ChatMessage> before(String room, String id, int limit);

    /** Drops everything kept for {@code room} (it has been idle and empty). */
    void forget(String room);
}
