package hubchat.redis;

import java.util.List;

/**
 * Entries read from a room's stream, oldest first, with the room's position when they were
 * read: its current epoch ({@code ""} for a room never written) and the last sequence it gave
 * out. Live entries published after the read have higher sequences, so a reader joins the two
 * without a gap or a duplicate.
 */
public record StreamPage(String epoch, long lastSeq, List<StreamEntry> entries) {

    public StreamPage {
        entries = List.copyOf(entries);
    }
}
