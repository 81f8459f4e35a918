package hubchat.store;

import hubchat.engine.CidKey;
import hubchat.engine.Stored;
import hubchat.protocol.ChatMessage;

/**
 * One row of {@code hubchat_messages}: a message as the database keeps it, at {@code seq} in its
 * room's order. Its id is {@code epoch-num} (num in base 36, unique in the database), the epoch
 * being the start of the node that stored it. {@code senderId} is the sender's user id, null for
 * an anonymous sender (and in rows stored before the column existed).
 */
record MessageRow(String room, long seq, long num, String epoch, long sentAt, String sender, String senderId,
        String origin, String cid, String text) {

    String id() {
        return epoch + "-" + Long.toString(num, 36);
    }

    /** The key this message is remembered under in its room's cid memory; null without a cid. */
    String cidKey() {
        return CidKey.of(sender, senderId, cid);
    }

    /** Whether {@code at} names this message. */
    boolean is(Position at) {
        return num == at.num() && epoch.equals(at.epoch());
    }

    /**
     * The message for the hub, placed in the store's current epoch: a node's positions (see
     * {@link Stored}) only compare what this start of the node delivered, and seq is dense across
     * starts, so one epoch serves for rows of every start.
     */
    Stored stored(String currentEpoch) {
        return new Stored(new ChatMessage(id(), room, sender, senderId, text, sentAt), currentEpoch, seq, origin, cid);
    }

    /** The (epoch, num) an id names, or null for a string that is not one of the store's ids. */
    static Position parse(String id) {
        int dash = id == null ? -1 : id.lastIndexOf('-');
        if (dash <= 0 || dash == id.length() - 1) {
            return null;
        }
        try {
            long num = Long.parseLong(id.substring(dash + 1), 36);
            return num > 0 ? new Position(id.substring(0, dash), num) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What an id names: the message numbered {@code num} by the start {@code epoch}. */
    record Position(String epoch, long num) {
    }
}
