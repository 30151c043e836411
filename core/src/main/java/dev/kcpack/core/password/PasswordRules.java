package dev.kcpack.core.password;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.theme.Theme;

/**
 * What a new password must be: first the contract's own rules, then the realm's
 * Keycloak password policy (history, denylist, length and the rest), whose message is
 * given in English as Keycloak's login theme words it.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    private PasswordRules() {
    }

    /** The contract's rules alone; they need no user. */
    public static Optional<String> contractViolation(String password) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("Password must be at least " + MIN_LENGTH + " characters long");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Password must be at most " + MAX_LENGTH + " characters long");
        }
        if (password.chars().noneMatch(Character::isLowerCase)) {
            return Optional.of("Password must contain at least one lowercase character");
        }
        if (password.chars().noneMatch(Character::isUpperCase)) {
            return Optional.of("Password must contain at least one uppercase character");
        }
        if (password.chars().noneMatch(Character::isDigit)) {
            return Optional.of("Password must contain at least one digit");
        }
        return Optional.empty();
    }

    /** The realm's password policy for this user, in Keycloak's English words. */
    public static Optional<String> realmPolicyViolation(KeycloakSession session, RealmModel realm, UserModel user,
                                                        String password) {
        PolicyError error = session.getProvider(PasswordPolicyManagerProvider.class).validate(realm, user, password);
        if (error == null) {
            return Optional.empty();
        }
        String pattern = error.getMessage();
        try {
            Properties english = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, Locale.ENGLISH);
            pattern = english.getProperty(error.getMessage(), error.getMessage());
        } catch (IOException unreadableTheme) {
            // the message key itself still says which rule failed
        }
        return Optional.of(new MessageFormat(pattern, Locale.ENGLISH).format(error.getParameters()));
    }
}
