package hubchat.engine;

import hubchat.protocol.ChatMessage;

/**
 * A message as the engine stored it: its place in its room's order ({@code seq} within an
 * {@code epoch}: dense from wherever the epoch began, 1 or more), and where it was sent from
 * ({@code origin}, opaque to the engine) with which client id, so that the node holding the
 * sender's connection can give it its own copy (with {@code cid}). {@code cid} may be null.
 *
 * <p>A feed compares positions as (epoch, seq), never seq alone: after a change of epoch, seq
 * starts over at any value, and the first delivered {@code Stored} of the new epoch is the first
 * message of that epoch this node had not delivered (see {@link Engine} for all the feed sees
 * then).
 */
public record Stored(ChatMessage message, String epoch, long seq, String origin, String cid) {
}
