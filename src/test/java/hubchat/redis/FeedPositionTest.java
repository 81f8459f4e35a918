package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.redis.AwaitedDeliveries.Fate;
import org.junit.jupiter.api.Test;

/** What a room feed counts as new, delivered or lost, within an epoch and across epochs. */
class FeedPositionTest {

    private static StreamEntry entry(String epoch, long seq) {
        return new StreamEntry(epoch, seq, 0, "{}");
    }

    @Test
    void withinAnEpochOnlyTheNextSeqFollowsAndEarlierOnesAreBehind() {
        FeedPosition p = new FeedPosition();
        p.start("e1", 4);
        assertTrue(p.isNext(entry("e1", 5)));
        assertFalse(p.isNext(entry("e1", 6)), "a gap");
        assertTrue(p.isBehind(entry("e1", 4)));
        assertFalse(p.isBehind(entry("e1", 6)));
        assertEquals(Fate.DELIVERED, p.fate("e1", 4));
        assertEquals(Fate.PENDING, p.fate("e1", 5));
    }

    @Test
    void aNewEpochIsNewAndLeavingAnEpochLosesWhatWasNotDeliveredInIt() {
        FeedPosition p = new FeedPosition();
        p.start("e1", 4);
        assertFalse(p.isBehind(entry("e2", 1)), "an epoch never seen is new");
        assertEquals(Fate.PENDING, p.fate("e2", 1));
        p.moveTo(entry("e2", 1));
        assertTrue(p.isBehind(entry("e1", 9)), "a passed epoch is behind, whatever its seq");
        assertEquals(Fate.DELIVERED, p.fate("e1", 4));
        assertEquals(Fate.LOST, p.fate("e1", 5), "left at 4: 5 never will be delivered");
        assertTrue(p.isNext(entry("e2", 2)));
    }

    @Test
    void aFeedThatStartedOnAnEmptyRoomTakesTheFirstEpochAsNew() {
        FeedPosition p = new FeedPosition();
        p.start("", 0);
        assertFalse(p.isNext(entry("e1", 1)), "another epoch: read from the stream");
        assertFalse(p.isBehind(entry("e1", 1)));
        p.moveTo(entry("e1", 1));
        assertEquals("e1", p.epoch());
        assertEquals(1, p.seq());
    }
}
