package hubchat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.protocol.ChatMessage;
import hubchat.protocol.Frames;
import hubchat.protocol.OutboundFrame;
import hubchat.protocol.UnencodableFrameException;
import hubchat.protocol.Unicode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MemoryEngineTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Test
    void historyIsBoundedByCount() {
        MemoryEngine e = new MemoryEngine(10, Long.MAX_VALUE, clock::get);
        for (int i = 0; i < 25; i++) {
            e.append("r", "ann", "m" + i);
        }
        List<ChatMessage> kept = e.latest("r", 100);
        assertEquals(10, kept.size());
        assertEquals("m15", kept.get(0).text());
        assertEquals("m24", kept.get(9).text());
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
    void idsNeverRepeatAcrossRestarts() throws Exception {
        MemoryEngine first = new MemoryEngine(10, Long.MAX_VALUE, clock::get);
        String oldId = first.append("r", "ann", "before restart").id();
        MemoryEngine second = new MemoryEngine(10, Long.MAX_VALUE, clock::get); // same millisecond
        String newId = second.append("r", "ann", "after restart").id();
        assertNotEquals(oldId, newId);
        assertEquals(Optional.empty(), second.after("r", oldId), "an old id does not match a newer message");
    }

    @Test
    void afterKnowsOnlyRetainedIdsOfTheSameRoom() {
        MemoryEngine e = new MemoryEngine(3, Long.MAX_VALUE, clock::get);
        String a1 = e.append("a", "ann", "1").id();
        String b1 = e.append("b", "ann", "x").id();
        e.append("a", "ann", "2");
        e.append("a", "ann", "3");
        assertEquals(List.of("2", "3"), e.after("a", a1).orElseThrow().stream().map(ChatMessage::text).collect(Collectors.toList()));
        assertEquals(Optional.empty(), e.after("a", b1), "an id of another room");
        e.append("a", "ann", "4");
        assertEquals(Optional.empty(), e.after("a", a1), "expired from the history");
        assertEquals(Optional.empty(), e.after("nowhere", a1));
    }

    @Test
    void forgetDropsARoom() {
        MemoryEngine e = new MemoryEngine(3, Long.MAX_VALUE, clock::get);
        e.append("a", "ann", "1");
        e.forget("a");
        assertEquals(List.of(), e.latest("a", 10));
    }

    @Test
    void aMessageThatCannotBeEncodedIsNotStoredAndTheRoomStillWelcomes() {
        MemoryEngine e = new MemoryEngine(10, Long.MAX_VALUE, clock::get);
        ChatMessage before = e.append("r", "ann", "before");
        assertThrows(UnencodableFrameException.class, () -> e.append("r", "ann", "a\uD800b"));
        assertThrows(UnencodableFrameException.class, () -> e.append("r", "\uDC00", "hi"));
        ChatMessage after = e.append("r", "ann", "after");

        List<ChatMessage> kept = e.latest("r", 10);
        assertEquals(List.of(before, after), kept, "only the messages that could be encoded are kept");
        assertEquals(List.of(after), e.after("r", before.id()).orElseThrow());
        // What a welcome is built from can always be written.
        OutboundFrame welcome = Frames.welcome("r", "bob", List.of("bob"), 1, kept, false, "secret");
        assertTrue(Unicode.isWellFormed(welcome.json()));
    }
}
