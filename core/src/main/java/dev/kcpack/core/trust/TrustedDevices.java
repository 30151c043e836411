package dev.kcpack.core.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.kcpack.core.emailotp.EmailOtpFactor;
import dev.kcpack.core.notice.SecurityNotice;
import dev.kcpack.core.passkey.PasskeyFactor;
import dev.kcpack.core.notice.SecurityNotices;
import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.support.CredentialJson;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Browsers a user chose to trust after a second factor: a later login there asks only for
 * the password, for as many days as the realm says. Each is one credential of the user
 * ({@link #CREDENTIAL_TYPE}, in Keycloak's database, so every node and a restart see it):
 * the SHA-256 digest of a 256-bit random secret the browser holds in a cookie, never the
 * secret itself.
 *
 * <p>A trust ends by itself, whichever door changed the account: it is bound to the
 * password as it was (a change or reset anywhere in Keycloak gives the password credential a
 * new creation time), to the second factors the user had (removing one ends it), and to
 * Keycloak's "not before" of the user (the admin console's sign-out); "Sign out all
 * devices" and the pack's REST API remove the credentials.
 */
public final class TrustedDevices {

    public static final String CREDENTIAL_TYPE = "kcpack-trusted-device";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SEPARATOR = ".";

    /** One trusted browser, as the user sees it. */
    public record Device(String id, long createdAt, long lastUsedAt, long expiresAt, String summary) {
    }

    /** What a trust remembers of the account as it was when it was given. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Binding(long expiresAt, long lastUsedAt, String summary, long passwordSince, List<String> factors) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Secret(String digest) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    public TrustedDevices(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    /**
     * Trusts the browser whose {@code User-Agent} is given, for the realm's number of days;
     * answers the cookie's value (the credential's id and the secret) and its lifetime in seconds.
     */
    public Cookie trust(String userAgent) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        int seconds = PackSettings.of(realm).trustedDeviceDays() * 86_400;
        long now = Time.currentTimeMillis();
        CredentialModel credential = new CredentialModel();
        credential.setType(CREDENTIAL_TYPE);
        credential.setCreatedDate(now);
        String summary = BrowserSummary.of(userAgent);
        credential.setUserLabel(summary);
        credential.setCredentialData(json(new Binding(now + seconds * 1000L, now, summary, passwordSince(), factors())));
        credential.setSecretData(json(new Secret(digest(encoded))));
        CredentialModel stored = user.credentialManager().createStoredCredential(credential);
        new SecurityNotices(session, realm).tell(user, SecurityNotice.BROWSER_TRUSTED, summary);
        return new Cookie(stored.getId() + SEPARATOR + encoded, seconds);
    }

    /** The value and lifetime of the cookie that carries a trust. */
    public record Cookie(String value, int maxAgeSeconds) {
    }

    /** Whether a browser's cookie names a live trust of this user (changes nothing). */
    public boolean isTrusted(String cookieValue) {
        return live(cookieValue).isPresent();
    }

    /**
     * The device a browser's cookie names, if it is this user's and still trusted; its last
     * use becomes now. A cookie of another user, an ended trust or a wrong secret: empty.
     */
    public Optional<Device> recognize(String cookieValue) {
        Optional<CredentialModel> found = live(cookieValue);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CredentialModel credential = found.get();
        Binding binding = read(credential.getCredentialData(), Binding.class);
        Binding used = new Binding(binding.expiresAt(), Time.currentTimeMillis(), binding.summary(),
                binding.passwordSince(), binding.factors());
        credential.setCredentialData(json(used));
        user.credentialManager().updateStoredCredential(credential);
        return Optional.of(device(credential, used));
    }

    /** The user's credential a cookie names, if its secret matches and the trust has not ended. */
    private Optional<CredentialModel> live(String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        int cut = cookieValue.indexOf(SEPARATOR);
        if (cut <= 0 || cut == cookieValue.length() - 1) {
            return Optional.empty();
        }
        String id = cookieValue.substring(0, cut);
        String secret = cookieValue.substring(cut + 1);
        Optional<CredentialModel> found = credentials().filter(c -> c.getId().equals(id)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CredentialModel credential = found.get();
        Secret stored = read(credential.getSecretData(), Secret.class);
        byte[] expected = stored == null || stored.digest() == null ? new byte[0]
                : stored.digest().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, digest(secret).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Binding binding = read(credential.getCredentialData(), Binding.class);
        return binding != null && stillTrusted(credential, binding) ? found : Optional.empty();
    }

    /** The user's trusted browsers, newest first; ended ones are left out (and removed). */
    public List<Device> list() {
        return credentials()
                .filter(credential -> {
                    Binding binding = read(credential.getCredentialData(), Binding.class);
                    if (binding != null && stillTrusted(credential, binding)) {
                        return true;
                    }
                    user.credentialManager().removeStoredCredentialById(credential.getId());
                    return false;
                })
                .map(credential -> device(credential, read(credential.getCredentialData(), Binding.class)))
                .sorted(Comparator.comparingLong(Device::createdAt).reversed())
                .toList();
    }

    /** Ends the trust of one browser; false if the user has no such trusted browser. */
    public boolean revoke(String id) {
        boolean known = credentials().anyMatch(c -> c.getId().equals(id));
        return known && user.credentialManager().removeStoredCredentialById(id);
    }

    /** Ends the trust of every browser of the user; answers how many there were. */
    public int revokeAll() {
        List<String> ids = credentials().map(CredentialModel::getId).toList();
        ids.forEach(user.credentialManager()::removeStoredCredentialById);
        if (!ids.isEmpty()) {
            new SecurityNotices(session, realm).tell(user, SecurityNotice.TRUSTED_BROWSERS_REMOVED, null);
        }
        return ids.size();
    }

    private Stream<CredentialModel> credentials() {
        return user.credentialManager().getStoredCredentialsByTypeStream(CREDENTIAL_TYPE);
    }

    private boolean stillTrusted(CredentialModel credential, Binding binding) {
        long now = Time.currentTimeMillis();
        if (now >= binding.expiresAt() || binding.passwordSince() != passwordSince()) {
            return false;
        }
        List<String> present = factors();
        if (binding.factors() == null || !present.containsAll(binding.factors())) {
            return false;
        }
        long notBefore = session.users().getNotBeforeOfUser(realm, user) * 1000L;
        Long created = credential.getCreatedDate();
        return created != null && created >= notBefore;
    }

    /** When the password was last set (its credential's creation time), 0 without one. */
    private long passwordSince() {
        return user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(CredentialModel::getCreatedDate)
                .filter(date -> date != null)
                .max(Long::compare)
                .orElse(0L);
    }

    /** The ids of the user's second factors (authenticator apps, email OTP). */
    private List<String> factors() {
        return Stream.of(OTPCredentialModel.TYPE, EmailOtpFactor.CREDENTIAL_TYPE, PasskeyFactor.CREDENTIAL_TYPE)
                .flatMap(user.credentialManager()::getStoredCredentialsByTypeStream)
                .map(CredentialModel::getId)
                .sorted()
                .toList();
    }

    private static Device device(CredentialModel credential, Binding binding) {
        long created = credential.getCreatedDate() == null ? 0 : credential.getCreatedDate();
        return new Device(credential.getId(), created, binding.lastUsedAt(), binding.expiresAt(), binding.summary());
    }

    private static String digest(String secret) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        return CredentialJson.write(value);
    }

    /** A trust whose data cannot be read is no trust (null), not an error of the login. */
    private static <T> T read(String json, Class<T> type) {
        try {
            return json == null ? null : CredentialJson.read(json, type, "trusted-device");
        } catch (IllegalStateException e) {
            return null;
        }
    }

}
