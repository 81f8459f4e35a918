package hubchat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.ChatMessage;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryEngine}: the {@link EngineContract}, plus what only keeping messages in memory
 * adds: a room's history is also bounded by its bytes, and ids start afresh at every start
 * without ever matching an id of an earlier start.
 */
class MemoryEngineTest extends EngineContract {

    @Override
    protected Engine newEngine(int keep, long idleMillis, LongSupplier clock) {
        return new MemoryEngine(keep, Long.MAX_VALUE, idleMillis, clock);
    }

    @Test
    void historyIsBoundedByBytes() {
        SyncEngine e = new SyncEngine(new MemoryEngine(1000, 10_000, Long.MAX_VALUE / 4, clock::get));
        for (int i = 0; i < 100; i++) {
            e.append("r", "ann", "x".repeat(1000));
        }
        List<ChatMessage> kept = e.latest("r", 1000);
        long bytes = kept.stream().mapToLong(m -> m.frame().bytes()).sum();
        assertTrue(bytes <= 10_000, "bytes kept: " + bytes);
        assertEquals(9, kept.size());
    }

    @Test
    void oneMessageLargerThanTheByteBoundIsStillKept() {
        SyncEngine e = new SyncEngine(new MemoryEngine(1000, 100, Long.MAX_VALUE / 4, clock::get));
        e.append("r", "ann", "small");
        ChatMessage big = e.append("r", "ann", "x".repeat(500));
        assertEquals(List.of(big), e.latest("r", 10), "the newest message always stays");
    }

    @Test
    void idsNeverRepeatAcrossRestarts() {
        SyncEngine first = new SyncEngine(new MemoryEngine(10, Long.MAX_VALUE, Long.MAX_VALUE / 4, clock::get));
        String oldId = first.append("r", "ann", "before restart").id();
        SyncEngine second = new SyncEngine(new MemoryEngine(10, Long.MAX_VALUE, Long.MAX_VALUE / 4, clock::get)); // same millisecond
        String newId = second.append("r", "ann", "after restart").id();
        assertNotEquals(oldId, newId);
        assertEquals(Optional.empty(), second.after("r", oldId), "an old id does not match a newer message");
    }
}
