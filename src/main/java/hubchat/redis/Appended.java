package hubchat.redis;

/**
 * What an append stored, or had stored before: the entry's epoch, sequence and timestamp, and
 * whether it was a re-send of a message already stored under the same cid (then nothing was
 * stored or published this time, and these are the earlier entry's). {@code fields} are the
 * stored entry's: for a re-send, the earlier one's, or null if the stream no longer holds it.
 */
public record Appended(String epoch, long seq, long timestamp, boolean duplicate, String fields) {

    /** The message's id, as {@link StreamEntry#id()} gives it. */
    public String id() {
        return StreamEntry.id(epoch, seq);
    }
}
