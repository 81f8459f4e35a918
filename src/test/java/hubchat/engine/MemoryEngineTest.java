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
    protected Engine newEngine(int keep, LongSupplier clock) {
        return new MemoryEngine(keep, Long.MAX_VALUE, clock);
    }

    @Test
    void historyIsBoundedByBytes() {
        MemoryEngine e = new MemoryEngine(1000, 10_000, clock::get);
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
        MemoryEngine e = new MemoryEngine(1000, 100, clock::get);
        e.append("r", "ann", "small");
        ChatMessage big = e.append("r", "ann", "x".repeat(500));
        assertEquals(List.of(big), e.latest("r", 10), "the newest message always stays");
    }

    @Test
    void idsNeverRepeatAcrossRestarts() {
        MemoryEngine first = new MemoryEngine(10, Long.MAX_VALUE, clock::get);
        String oldId = first.append("r", "ann", "before restart").id();
        MemoryEngine second = new MemoryEngine(10, Long.MAX_VALUE, clock::get); // same millisecond
        String newId = second.append("r", "ann", "after restart").id();
        assertNotEquals(oldId, newId);
        assertEquals(Optional.empty(), second.after("r", oldId), "an old id does not match a newer message");
    }
}
