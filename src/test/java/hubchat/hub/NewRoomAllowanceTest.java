package hubchat.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The allowance of new rooms per client address: a burst, a rate per minute, and a bounded memory. */
class NewRoomAllowanceTest {

    @Test
    void anAddressMakesItsBurstAtOnceThenOneRoomPerRateStepAndOthersAreNotTouched() {
        NewRoomAllowance allowance = new NewRoomAllowance(30, 3); // one room every 2 s after 3
        for (int i = 0; i < 3; i++) {
            assertTrue(allowance.take("a", 0));
        }
        assertFalse(allowance.take("a", 0));
        assertFalse(allowance.take("a", 1_999));
        assertTrue(allowance.take("a", 2_000));
        assertFalse(allowance.take("a", 2_000));
        assertTrue(allowance.take("b", 2_000), "another address has its own");
        assertTrue(allowance.take("a", 1_000_000) && allowance.take("a", 1_000_000) && allowance.take("a", 1_000_000));
        assertFalse(allowance.take("a", 1_000_000), "refilled to the burst, never past it");
    }

    @Test
    void aSweepForgetsTheAddressesWhoseAllowanceFilledUpAgain() {
        NewRoomAllowance allowance = new NewRoomAllowance(60, 2);
        allowance.take("a", 0);
        allowance.take("b", 500);
        allowance.sweep(999);
        assertEquals(2, allowance.tracked());
        allowance.sweep(1_000);
        assertEquals(1, allowance.tracked(), "a is full again: forgotten");
        allowance.sweep(1_500);
        assertEquals(0, allowance.tracked());
    }

    @Test
    void aRateOfZeroIsNoLimitAndTracksNothing() {
        NewRoomAllowance allowance = new NewRoomAllowance(0, 1);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(allowance.take("a", 0));
        }
        assertEquals(0, allowance.tracked());
    }
}
