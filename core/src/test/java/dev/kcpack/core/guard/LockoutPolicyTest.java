package dev.kcpack.core.guard;

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

    @Test
    void atTheBestPaceADayAllowsAHundredAndFourGuesses() {
        // 5 at once, then after 60, 120, 240 and 480 s, then one per 900 s: 9 by 900 s and 95 more.
        assertEquals(104, contract.maxGuessesWithin(86_400));
        assertEquals(5, contract.maxGuessesWithin(59));
        assertEquals(6, contract.maxGuessesWithin(60));
    }
}
