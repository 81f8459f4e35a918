package hubchat.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Open connections per address and in all: refused past the limits, and nothing left counted once they end. */
class AdmissionsTest {
    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void aHandshakePastTheAddressLimitIsRefusedWith429AndOthersStillGetIn() {
        Admissions admissions = new Admissions(2, 0, clock::get);
        Admission a = admissions.admit("198.51.100.1");
        Admission b = admissions.admit("198.51.100.1");
        assertNull(a.refusal());
        assertNull(b.refusal());
        Admission c = admissions.admit("198.51.100.1");
        assertEquals(Admissions.Refusal.PER_ADDRESS, c.refusal());
        assertEquals(429, c.refusal().status());
        assertNull(admissions.admit("198.51.100.2").refusal(), "another address");
        assertEquals(3, admissions.open(), "a refusal holds no place");
        a.release();
        assertNull(admissions.admit("198.51.100.1").refusal(), "a place freed by a release");
    }

    @Test
    void aHandshakePastTheTotalIsRefusedWith503() {
        Admissions admissions = new Admissions(0, 3, clock::get);
        for (int i = 0; i < 3; i++) {
            assertNull(admissions.admit("192.0.2." + i).refusal());
        }
        Admission refused = admissions.admit("192.0.2.99");
        assertEquals(Admissions.Refusal.TOTAL, refused.refusal());
        assertEquals(503, refused.refusal().status());
    }

    @Test
    void releasesCountOnceAndLeaveNothingCounted() {
        Admissions admissions = new Admissions(100, 10_000, clock::get);
        List<Admission> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Admission a = admissions.admit("198.51.100." + (i % 5));
            assertTrue(a.open());
            all.add(a);
        }
        assertEquals(50, admissions.open());
        assertEquals(10, admissions.open("198.51.100.3"));
        for (Admission a : all) {
            a.release();
            a.release();
            assertFalse(a.open(), "released: never open again");
        }
        assertEquals(0, admissions.open());
        assertEquals(0, admissions.addresses(), "no address kept once its connections are gone");
    }

    @Test
    void anAdmissionWhoseSessionNeverOpensIsGivenBackAfterAMinuteButAnOpenOneIsNot() {
        Admissions admissions = new Admissions(1, 0, clock::get);
        Admission stuck = admissions.admit("198.51.100.1");
        Admission open = admissions.admit("198.51.100.2");
        assertTrue(open.open());
        clock.addAndGet(Admissions.UNOPENED_MILLIS - 1);
        assertEquals(Admissions.Refusal.PER_ADDRESS, admissions.admit("198.51.100.1").refusal());
        clock.addAndGet(1);
        Admission next = admissions.admit("198.51.100.1");
        assertNull(next.refusal(), "the stuck one's place was given back");
        assertFalse(stuck.open(), "too late to open");
        stuck.release();
        assertEquals(1, admissions.open("198.51.100.1"), "its late release changes nothing");
        assertTrue(open.isOpen());
        assertEquals(1, admissions.open("198.51.100.2"));
    }

    @Test
    void theHandOverIsTakenOnceOnTheSameThread() throws Exception {
        Admission a = new Admissions(0, 0, clock::get).admit("192.0.2.1");
        Admission.handOver(a);
        Thread other = new Thread(() -> assertNull(Admission.takeHandedOver()));
        other.start();
        other.join();
        assertEquals(a, Admission.takeHandedOver());
        assertNull(Admission.takeHandedOver());
    }
}
