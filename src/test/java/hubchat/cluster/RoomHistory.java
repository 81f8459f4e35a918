package hubchat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.Limits;
import hubchat.testing.ChatNode;
import hubchat.testing.JdkChatClient;
import hubchat.testing.JsonFrames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room's whole history as a client reads it: {@code history} requests of the largest page,
 * each {@code before} the oldest message of the last, until one comes back empty. Oldest first.
 */
final class RoomHistory {

    /** The largest page a history request may ask for. */
    private static final int PAGE = Limits.MAX_HISTORY_PAGE;

    private RoomHistory() {
    }

    /**
     * Every message {@code room} keeps on {@code node}, read as {@code nick}, oldest first;
     * fails if an id comes twice.
     */
    static List<Map<String, Object>> read(ChatNode node, String room, String nick) throws Exception {
        Deque<Map<String, Object>> all = new ArrayDeque<>();
        Set<String> ids = new HashSet<>();
        try (JdkChatClient reader = JdkChatClient.connect(node.url(room, "nick=" + Chatter.encode(nick)))) {
            assertEquals(nick, reader.awaitType("welcome", Chatter.WAIT).get("you"));
            String before = null;
            while (true) {
                reader.send("{\"type\":\"history\",\"limit\":" + PAGE
                        + (before == null ? "" : ",\"before\":" + JsonFrames.quote(before)) + "}");
                List<Map<String, Object>> page = JsonFrames.objects(reader.awaitType("history", Chatter.WAIT), "messages");
                if (page.isEmpty()) {
                    return new ArrayList<>(all);
                }
                for (int i = page.size() - 1; i >= 0; i--) {
                    String id = (String) page.get(i).get("id");
                    assertTrue(ids.add(id), "id " + id + " twice in the history of " + room);
                    all.addFirst(page.get(i));
                }
                before = (String) page.get(0).get("id");
            }
        }
    }
}
