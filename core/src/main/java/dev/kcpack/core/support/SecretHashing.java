package dev.kcpack.core.support;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2 hashes of short secrets (recovery codes, emailed codes) and their
 * constant-time comparison. The JDK's PBKDF2 is the primitive Keycloak's own
 * password hashing uses; it is called directly because the secrets here are checked
 * against a salt the caller keeps, which Keycloak's password hash providers do not offer.
 */
public final class SecretHashing {

    public static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    private static final int KEY_BITS = 256;

    private SecretHashing() {
    }

    public static byte[] hash(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
