package hubchat.engine;

import hubchat.protocol.ChatMessage;

/**
 * A message as the engine stored it: its place in its room's order ({@code seq}, dense from 1
 * within an {@code epoch}), and where it was sent from ({@code origin}, opaque to the engine)
 * with which client id, so that the node holding the sender's connection can give it its own
 * copy (with {@code cid}). {@code cid} may be null.
 */
public record Stored(ChatMessage message, String epoch, long seq, String origin, String cid) {
}
