package dev.kcpack.core.totp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcpack.core.durable.DurableState;
import dev.kcpack.core.guard.AttemptGate;
import dev.kcpack.core.guard.Door;
import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.OTPCredentialProvider;
import org.keycloak.credential.OTPCredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OTPPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.models.utils.TimeBasedOTP;

/**
 * A user's authenticator app, stored as Keycloak's own {@code otp} credential so that
 * Keycloak's OTP form, the Account Console and the admin console see the same one.
 * A new secret waits in the cluster-wide single-use store until a code from it is
 * shown; until then the active credential keeps working.
 */
public final class TotpFactor {

    private static final String PENDING_SECRET = "secret";
    /** The kind of the durable mark of a used code. */
    private static final String SPENT = "totp";
    private static final int SECRET_LENGTH = 20;
    /** What the Account Console lists an app enrolled over REST as. */
    static final String DEFAULT_LABEL = "Authenticator app";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final SingleUseObjectProvider store;
    private final AttemptGate gate;

    public TotpFactor(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.store = session.singleUseObjects();
        this.gate = AttemptGate.of(session, realm, user, Door.TOTP);
    }

    public boolean isActive() {
        return user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE).findAny().isPresent();
    }

    /** When the current authenticator app was activated. */
    public Optional<Instant> completedAt() {
        return user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .map(CredentialModel::getCreatedDate)
                .filter(java.util.Objects::nonNull)
                .max(Long::compare)
                .map(Instant::ofEpochMilli);
    }

    public AttemptGate gate() {
        return gate;
    }

    /** Starts (or restarts) a setup: a new pending secret, as an otpauth URL for the app. */
    public String startSetup() {
        String secret = HmacOTP.generateSecret(SECRET_LENGTH);
        store.put(pendingKey(), PackSettings.of(realm).pendingSetupLifespan(), Map.of(PENDING_SECRET, secret));
        return realm.getOTPPolicy().getKeyURI(PackSettings.of(realm).totpIssuer(), user.getUsername(), secret);
    }

    /**
     * Activates the pending secret if {@code code} comes from it: it replaces any
     * earlier authenticator, and the code cannot be used again.
     */
    public Verification activatePending(String code) {
        if (pendingSecret() == null) {
            return Verification.of(Verification.Outcome.NOT_ACTIVE);
        }
        return gate.check(() -> {
            // Read again under the gate: a request before ours may have activated it.
            String secret = pendingSecret();
            if (secret == null) {
                return Verification.of(Verification.Outcome.NOT_ACTIVE);
            }
            OTPPolicy policy = realm.getOTPPolicy();
            TimeBasedOTP totp = new TimeBasedOTP(policy.getAlgorithm(), policy.getDigits(), policy.getPeriod(),
                    policy.getLookAheadWindow());
            if (!totp.validateTOTP(code, secret.getBytes(StandardCharsets.UTF_8))) {
                return Verification.of(Verification.Outcome.REJECTED);
            }
            // One transaction: the old app goes and the new one comes, or neither (and Keycloak
            // refuses two OTP credentials with the same label).
            removeCredentials();
            CredentialModel created = otpProvider().createCredential(realm, user,
                    OTPCredentialModel.createFromPolicy(realm, secret, DEFAULT_LABEL));
            spend(new DurableState(session, realm).spentMark(SPENT, created.getId() + "." + code), created.getId(), code, policy);
            store.remove(pendingKey());
            return Verification.of(Verification.Outcome.ACCEPTED);
        });
    }

    private String pendingSecret() {
        Map<String, String> pending = store.get(pendingKey());
        return pending == null ? null : pending.get(PENDING_SECRET);
    }

    /**
     * Checks a code of the active authenticator through Keycloak's OTP credential
     * provider, which also refuses a code already used (its replay mark is atomic). Keycloak
     * keeps that mark only in its single-use store, which a restart of the whole cluster
     * empties, so a used code is also marked in the database and refused by that mark.
     */
    public Verification verify(String code) {
        if (!isActive()) {
            return Verification.of(Verification.Outcome.NOT_ACTIVE);
        }
        return gate.check(() -> {
            List<CredentialModel> credentials = user.credentialManager()
                    .getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE).toList();
            if (credentials.isEmpty()) {
                return Verification.of(Verification.Outcome.NOT_ACTIVE);
            }
            DurableState durable = new DurableState(session, realm);
            CredentialModel matched = null;
            DurableState.SpentMark matchedMark = null;
            try {
                for (CredentialModel credential : credentials) {
                    // One read of the code's used-mark, kept for spending it (no second read).
                    DurableState.SpentMark mark = durable.spentMark(SPENT, credential.getId() + "." + code);
                    if (!mark.spent() && user.credentialManager()
                            .isValid(new UserCredentialModel(credential.getId(), OTPCredentialModel.TYPE, code))) {
                        matched = credential;
                        matchedMark = mark;
                        break;
                    }
                }
            } catch (RuntimeException unreadable) {
                return Verification.of(Verification.Outcome.CORRUPT);
            }
            if (matched == null) {
                return Verification.of(Verification.Outcome.REJECTED);
            }
            // Keycloak's check has just marked the code in its single-use store itself (its key, its
            // lifespan), where the realm does not let codes be reused; a second mark there would be
            // one more write to the cluster's store for nothing. The database's mark holds either way.
            matchedMark.spend(usedCodeSeconds(matched));
            return Verification.of(Verification.Outcome.ACCEPTED);
        });
    }

    /** Removes the authenticator app; returns false when there was none. */
    public boolean remove() {
        store.remove(pendingKey());
        return removeCredentials();
    }

    private boolean removeCredentials() {
        List<String> ids = user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .map(CredentialModel::getId).toList();
        ids.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
        return !ids.isEmpty();
    }

    /**
     * Spends the code that activated a credential (checked here, not by Keycloak's check) for as
     * long as it could be valid: in Keycloak's store under the key its own OTP check uses (so
     * that check refuses it too), and in the database.
     */
    private void spend(DurableState.SpentMark mark, String credentialId, String code, OTPPolicy policy) {
        long window = replayWindowSeconds(policy.getPeriod(), policy);
        store.putIfAbsent(credentialId + "." + code, window);
        mark.spend(window);
    }

    private OTPCredentialProvider otpProvider() {
        return (OTPCredentialProvider) session.getProvider(CredentialProvider.class,
                OTPCredentialProviderFactory.PROVIDER_ID);
    }

    /**
     * How long a used code of {@code credential} stays marked: at least as long as Keycloak's check
     * takes it, by the credential's own period (the realm's policy may have changed since it was
     * made), and never less than by the realm's period (an HOTP credential has none).
     */
    private long usedCodeSeconds(CredentialModel credential) {
        OTPPolicy policy = realm.getOTPPolicy();
        int period = OTPCredentialModel.createFromCredentialModel(credential).getOTPCredentialData().getPeriod();
        return replayWindowSeconds(Math.max(period, policy.getPeriod()), policy);
    }

    private static long replayWindowSeconds(int period, OTPPolicy policy) {
        return (long) period * (2L * policy.getLookAheadWindow() + 1);
    }

    private String pendingKey() {
        return "kcpack.totp.pending." + realm.getId() + "." + user.getId();
    }
}
