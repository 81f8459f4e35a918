package hubchat.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.hub.MemoryBudget;
import hubchat.protocol.Disconnect;
import org.junit.jupiter.api.Test;

/**
 * A message in parts: joined exactly, bounded by bytes, parts and the shared memory budget, and
 * every byte it reserved given back however it ends. Plain JUnit, no container.
 */
class PartialMessageTest {

    private final MemoryBudget budget = new MemoryBudget(10_000);

    @Test
    void partsAreJoinedExactlyIncludingEmptyPartsAndASurrogatePairCutInTwo() {
        PartialMessage m = new PartialMessage(budget, 1000, 10);
        String text = "{\"text\":\"J\u00FCrgen \u674E\u96F7 \uD83D\uDE00\"}";
        int cut = text.indexOf('\uD83D') + 1; // between the two halves of the pair
        for (String part : new String[] {"", text.substring(0, 5), "", text.substring(5, cut)}) {
            assertNull(m.count(part));
            assertNull(m.keep(part));
        }
        assertEquals(4, m.parts());
        assertNull(m.count(text.substring(cut)));
        assertEquals(text, m.join(text.substring(cut)));
        assertEquals(0, m.parts(), "ready for the next message");
        assertEquals(0, budget.used(), "a joined message holds nothing");
    }

    @Test
    void heldPartsReserveTheirHeapOneBytePerLatin1CharTwoOtherwise() {
        PartialMessage m = new PartialMessage(budget, 1000, 10);
        keep(m, "abc\u00FC");
        assertEquals(PartialMessage.PART_OVERHEAD_BYTES + 4, budget.used());
        keep(m, "\u20AC!");
        assertEquals(2L * PartialMessage.PART_OVERHEAD_BYTES + 4 + 4, budget.used());
        keep(m, "");
        assertEquals(2L * PartialMessage.PART_OVERHEAD_BYTES + 8, m.reservedBytes(), "an empty part is not kept");
    }

    @Test
    void moreUtf8BytesThanTheFrameLimitIsTooBigAndGivesEverythingBack() {
        PartialMessage m = new PartialMessage(budget, 10, 100);
        keep(m, "\u20AC\u20AC\u20AC"); // 9 bytes
        assertEquals(Disconnect.TOO_BIG, m.count("ab"));
        assertEquals(0, budget.used());
    }

    @Test
    void exactlyTheFrameLimitAndThePartLimitAreAccepted() {
        PartialMessage m = new PartialMessage(budget, 4, 4);
        for (int i = 0; i < 3; i++) {
            keep(m, "a");
        }
        assertNull(m.count("a"));
        assertEquals("aaaa", m.join("a"));
    }

    @Test
    void onePartMoreThanAllowedIsRefusedEvenIfEmpty() {
        PartialMessage m = new PartialMessage(budget, 1000, 3);
        keep(m, "x");
        keep(m, "");
        keep(m, "");
        assertEquals(Disconnect.TOO_MANY_FRAGMENTS, m.count(""));
        assertEquals(0, budget.used());
    }

    @Test
    void aPartTheSharedBudgetCannotTakeIsRefusedAndTheOthersKeepTheirs() {
        MemoryBudget small = new MemoryBudget(2 * (PartialMessage.PART_OVERHEAD_BYTES + 100));
        PartialMessage first = new PartialMessage(small, 10_000, 100);
        PartialMessage second = new PartialMessage(small, 10_000, 100);
        keep(first, "a".repeat(100));
        keep(second, "b".repeat(100));
        assertNull(second.count("c"));
        assertEquals(Disconnect.SERVER_BUSY, second.keep("c"));
        assertEquals(PartialMessage.PART_OVERHEAD_BYTES + 100, small.used(), "the refused one gave its part back");
        assertNull(first.count("z"));
        assertEquals("a".repeat(100) + "z", first.join("z"));
        assertEquals(0, small.used());
    }

    @Test
    void aDiscardedMessageGivesItsMemoryBackAndTakesNothingMore() {
        PartialMessage m = new PartialMessage(budget, 1000, 10);
        keep(m, "hello");
        assertTrue(budget.used() > 0);
        m.discard();
        m.discard();
        assertEquals(0, budget.used(), "given back once");
        assertEquals(Disconnect.SERVER_BUSY, m.count("x"));
        assertEquals(Disconnect.SERVER_BUSY, m.keep("x"));
        assertEquals(0, budget.used());
    }

    @Test
    void budgetIsAllOrNothingAndNeverPassesItsLimit() {
        MemoryBudget b = new MemoryBudget(100);
        assertTrue(b.tryReserve(60));
        assertFalse(b.tryReserve(41));
        assertEquals(60, b.used());
        assertTrue(b.tryReserve(40));
        b.release(100);
        assertEquals(0, b.used());
    }

    private static void keep(PartialMessage m, String part) {
        assertNull(m.count(part));
        assertNull(m.keep(part));
    }
}
