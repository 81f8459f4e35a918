package hubchat.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hubchat.engine.EngineUnavailableException;
import hubchat.redis.AwaitedDeliveries.Fate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * How an append's wait for its node's feed ends: completed once the feed's position says it was
 * delivered, failed as unavailable once it says the entry was lost, or once the wait is over;
 * completed when the feed closes. No Redis: the feed's judgement is given.
 */
class AwaitedDeliveriesTest {

    @Test
    void aWaiterEndsAsTheFeedsPositionDecides() throws Exception {
        AwaitedDeliveries awaited = new AwaitedDeliveries("room", 60_000);
        CompletableFuture<Void> delivered = awaited.add("e1", 5, (e, s) -> Fate.PENDING);
        CompletableFuture<Void> lost = awaited.add("e1", 6, (e, s) -> Fate.PENDING);
        CompletableFuture<Void> later = awaited.add("e2", 1, (e, s) -> Fate.PENDING);
        awaited.expire();
        assertFalse(delivered.isDone() || lost.isDone() || later.isDone(), "nothing decided, nothing over");

        awaited.settle((e, s) -> e.equals("e1") ? (s <= 5 ? Fate.DELIVERED : Fate.LOST) : Fate.PENDING);
        delivered.get();
        assertUnavailable(lost);
        assertFalse(later.isDone());
        awaited.release();
        later.get();
    }

    @Test
    void aWaiterIsAnsweredAtOnceWhenTheFeedIsAlreadyPastIt() throws Exception {
        AwaitedDeliveries awaited = new AwaitedDeliveries("room", 60_000);
        awaited.add("e1", 3, (e, s) -> Fate.DELIVERED).get();
        assertUnavailable(awaited.add("e1", 4, (e, s) -> Fate.LOST));
    }

    @Test
    void aWaiterNotDeliveredWithinItsWaitFailsAtTheNextExpiry() throws Exception {
        AwaitedDeliveries awaited = new AwaitedDeliveries("room", 0);
        CompletableFuture<Void> stuck = awaited.add("e1", 1, (e, s) -> Fate.PENDING);
        assertFalse(stuck.isDone(), "only an expiry ends a wait that nothing decided");
        awaited.expire();
        assertUnavailable(stuck);
        awaited.settle((e, s) -> Fate.DELIVERED); // forgotten once failed: nothing to complete twice
        assertTrue(stuck.isCompletedExceptionally());
    }

    private static void assertUnavailable(CompletableFuture<Void> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(EngineUnavailableException.class, e.getCause());
    }
}
