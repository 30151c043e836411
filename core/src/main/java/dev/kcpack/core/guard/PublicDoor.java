package dev.kcpack.core.guard;

import dev.kcpack.core.settings.Setting;

/**
 * The doors anyone may knock on without a token, grouped by what their requests risk. Each
 * has a budget per client address and one for the whole realm ({@link DoorBudgets}), on top
 * of the gate that counts the guesses per subject ({@link AttemptGate}).
 */
public enum PublicDoor {
    /** Checks of mailed reset codes: a guess against whichever address the request names. */
    RESET_CODE_CHECK(Setting.RESET_CODE_CHECKS_PER_ADDRESS, Setting.RESET_CODE_CHECKS_PER_REALM),
    /** Password-reset mails asked for: mail to people who did not ask for it, and work for the server. */
    RESET_MAIL(Setting.RESET_MAILS_PER_ADDRESS, Setting.RESET_MAILS_PER_REALM),
    /** Options and answers of the sign-in with a passkey alone: work for the server. */
    PASSKEY_SIGN_IN(Setting.PASSKEY_SIGN_INS_PER_ADDRESS, Setting.PASSKEY_SIGN_INS_PER_REALM);

    private final Setting perAddress;
    private final Setting perRealm;

    PublicDoor(Setting perAddress, Setting perRealm) {
        this.perAddress = perAddress;
        this.perRealm = perRealm;
    }

    Setting perAddress() {
        return perAddress;
    }

    Setting perRealm() {
        return perRealm;
    }
}
