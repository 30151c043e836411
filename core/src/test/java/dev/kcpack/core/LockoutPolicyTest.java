package dev.kcpack.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

    private final LockoutPolicy contract = new LockoutPolicy(5, 60, 900);

    @Test
    void fiveFailuresAreFreeThenTheLockStartsAtAMinuteAndDoubles() {
        for (int failures = 0; failures < 5; failures++) {
            assertEquals(0, contract.lockSecondsAfter(failures));
        }
        assertEquals(60, contract.lockSecondsAfter(5));
        assertEquals(120, contract.lockSecondsAfter(6));
        assertEquals(240, contract.lockSecondsAfter(7));
        assertEquals(480, contract.lockSecondsAfter(8));
    }

    @Test
    void theLockNeverExceedsFifteenMinutes() {
        assertEquals(900, contract.lockSecondsAfter(9));
        assertEquals(900, contract.lockSecondsAfter(1_000));
    }
}
