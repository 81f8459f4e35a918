package hubchat.engine;

import hubchat.protocol.ChatMessage;
import java.util.List;

/**
 * Messages of a room, oldest first, and the room's position when they were read: the
 * {@code epoch} and the {@code seq} of the last message stored then (0 for none). A welcome
 * built from it is followed by exactly the delivered messages with a greater {@code seq}, so
 * history and live messages join with no gap and no duplicate.
 */
public record History(List<ChatMessage> messages, String epoch, long seq) {
}
