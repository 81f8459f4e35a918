package hubchat.archive;

import hubchat.engine.EngineUnavailableException;
import hubchat.protocol.ChatMessage;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a chat on Redis keeps every message for longer than Redis does: a database, written by
 * the archivers of every node (each message once, whoever archives it and however often it is
 * handed over) and read for the pages of history older than what Redis keeps.
 */
public interface Archive {

    /**
     * Stores {@code messages} of {@code room}, each that is not stored yet, and returns once they
     * are all committed; a message already there (archived before, by this node or another,
     * whose hand-over was not recorded) is left as it is. Blocks: only the archiving thread calls
     * it. Throws {@link EngineUnavailableException} if the database cannot store them now;
     * nothing is lost then, as the caller keeps them and tries again.
     */
    void store(String room, List<ArchivedMessage> messages);

    /**
     * Up to {@code limit} archived messages of {@code room} just before the message {@code id},
     * oldest first; none if {@code id} is not archived in that room. Never blocks the caller:
     * the stage completes on the archive's own threads, failed with
     * {@link EngineUnavailableException} if the database does not answer.
     */
    CompletionStage<List<ChatMessage>> before(String room, String id, int limit);

    /** What the archive does between batches on the archiving thread: retention by age, at most once a minute. */
    void maintain();

    /** Where the archive is, for the start-up log: never a password. */
    String description();
}
