package dev.kcpack.core.recoverycode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kcpack.core.support.CredentialJson;
import dev.kcpack.core.support.SecretHashing;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;

/**
 * Ten single-use recovery codes of 16 characters (80 random bits each), stored as one
 * credential of their own type. Each code is kept as a PBKDF2 hash under one salt per
 * set, so that checking a guess costs one slow hash however many codes are left;
 * Keycloak's password hash providers draw a new salt per hash and would cost ten.
 */
public final class RecoveryCodes {

    public static final String CREDENTIAL_TYPE = "kcpack-recovery-codes";
    public static final int COUNT = 10;
    public static final int LENGTH = 16;
    /** Crockford's base32: 32 symbols, 5 bits each, without i, l, o and u. */
    static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private static final String ALGORITHM = SecretHashing.ALGORITHM;
    private static final int ITERATIONS = 60_000;
    private static final int SALT_BYTES = 16;

    private final UserModel user;

    public RecoveryCodes(UserModel user) {
        this.user = user;
    }

    /** How the set is hashed (credential data, not secret). */
    record HashParameters(@JsonProperty("algorithm") String algorithm,
                          @JsonProperty("iterations") int iterations,
                          @JsonProperty("salt") String salt) {
    }

    /** The hashes of the codes not used yet (secret data). */
    record UnusedCodes(@JsonProperty("hashes") List<String> hashes) {
    }

    public boolean exists() {
        return stored().isPresent();
    }

    public Optional<Instant> completedAt() {
        return stored().map(CredentialModel::getCreatedDate).map(Instant::ofEpochMilli);
    }

    /** Replaces any earlier codes with {@link #COUNT} new ones, returned once in plain text. */
    public List<String> issue() {
        SecretGenerator random = SecretGenerator.getInstance();
        byte[] salt = random.randomBytes(SALT_BYTES);
        List<String> codes = new ArrayList<>(COUNT);
        List<String> hashes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            String code = random.randomString(LENGTH, ALPHABET);
            codes.add(code);
            hashes.add(Base64.getEncoder().encodeToString(hash(code, salt, ITERATIONS)));
        }
        remove();
        CredentialModel credential = new CredentialModel();
        credential.setType(CREDENTIAL_TYPE);
        credential.setUserLabel("Recovery codes");
        credential.setCreatedDate(Time.currentTimeMillis());
        credential.setCredentialData(json(new HashParameters(ALGORITHM, ITERATIONS,
                Base64.getEncoder().encodeToString(salt))));
        credential.setSecretData(json(new UnusedCodes(hashes)));
        user.credentialManager().createStoredCredential(credential);
        return codes;
    }

    /**
     * Uses up {@code code} if it is one of the unused codes. Case, spaces and dashes do
     * not matter, and the letters people misread for digits (o, i, l) count as them.
     */
    public boolean useCode(String code) {
        Optional<CredentialModel> stored = stored();
        if (stored.isEmpty() || code == null) {
            return false;
        }
        CredentialModel credential = stored.get();
        HashParameters parameters = read(credential.getCredentialData(), HashParameters.class);
        UnusedCodes unused = read(credential.getSecretData(), UnusedCodes.class);
        byte[] guess = hash(normalize(code), Base64.getDecoder().decode(parameters.salt()), parameters.iterations());
        String match = null;
        for (String candidate : unused.hashes()) {
            // Compare against every code, so the time taken says nothing about which matched.
            if (SecretHashing.matches(guess, Base64.getDecoder().decode(candidate)) && match == null) {
                match = candidate;
            }
        }
        if (match == null) {
            return false;
        }
        List<String> left = new ArrayList<>(unused.hashes());
        left.remove(match);
        credential.setSecretData(json(new UnusedCodes(left)));
        user.credentialManager().updateStoredCredential(credential);
        return true;
    }

    public int remaining() {
        return stored().map(c -> read(c.getSecretData(), UnusedCodes.class).hashes().size()).orElse(0);
    }

    public void remove() {
        user.credentialManager().getStoredCredentialsByTypeStream(CREDENTIAL_TYPE)
                .map(CredentialModel::getId).toList()
                .forEach(id -> user.credentialManager().removeStoredCredentialById(id));
    }

    static String normalize(String code) {
        return code.replace(" ", "").replace("-", "").toLowerCase(Locale.ROOT)
                .replace('o', '0').replace('i', '1').replace('l', '1');
    }

    static byte[] hash(String code, byte[] salt, int iterations) {
        return SecretHashing.hash(code, salt, iterations);
    }

    private Optional<CredentialModel> stored() {
        return user.credentialManager().getStoredCredentialsByTypeStream(CREDENTIAL_TYPE).findFirst();
    }

    private static String json(Object value) {
        return CredentialJson.write(value);
    }

    private static <T> T read(String json, Class<T> type) {
        return CredentialJson.read(json, type, "recovery-code");
    }
}
