package dev.kcpack.core.recoverycode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void theAlphabetGivesFiveBitsPerCharacterSoSixteenGiveEighty() {
        assertEquals(32, RecoveryCodes.ALPHABET.length);
        assertEquals(32, new String(RecoveryCodes.ALPHABET).chars().distinct().count());
        assertEquals(80, RecoveryCodes.LENGTH * 5);
    }

    @Test
    void caseSeparatorsAndLookalikeLettersDoNotMatter() {
        assertEquals("0123abcd1111efgh", RecoveryCodes.normalize("O123-ABCD iLlI efgh"));
    }

    @Test
    void theHashDependsOnTheSalt() {
        byte[] saltA = new byte[16];
        byte[] saltB = new byte[16];
        saltB[0] = 1;
        byte[] a = RecoveryCodes.hash("0123abcd4567efgh", saltA, 1_000);
        assertArrayEquals(a, RecoveryCodes.hash("0123abcd4567efgh", saltA, 1_000));
        assertFalse(Arrays.equals(a, RecoveryCodes.hash("0123abcd4567efgh", saltB, 1_000)));
    }
}
