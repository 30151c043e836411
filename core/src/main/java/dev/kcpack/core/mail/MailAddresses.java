package dev.kcpack.core.mail;

import java.util.Optional;

import org.keycloak.utils.EmailValidationUtil;

/**
 * Which email addresses the pack takes: what Keycloak's own validator (the user
 * profile's) accepts, narrowed to what the pack can mail and log safely — printable
 * ASCII without quotes, since the realm's SMTP may not speak SMTPUTF8 and a control
 * character must never reach a log line or a mail header.
 */
public final class MailAddresses {

    public static final int MAX_LENGTH = 256;
    public static final String INVALID = "Invalid email address";

    private MailAddresses() {
    }

    /** Why {@code address} cannot be used, as a sentence for a 400; empty when it can. */
    public static Optional<String> problem(String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_LENGTH) {
            return Optional.of(INVALID);
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c > '~') {
                return Optional.of(INVALID);
            }
        }
        if (address.indexOf('"') >= 0 || !EmailValidationUtil.isValidEmail(address)) {
            return Optional.of(INVALID);
        }
        String domain = address.substring(address.lastIndexOf('@') + 1);
        // A bare host name ("user@localhost") is no deliverable address for an app's users.
        return domain.indexOf('.') > 0 ? Optional.empty() : Optional.of(INVALID);
    }

    /** a***e@example.com: enough to recognise one's own address, not to learn someone else's. */
    public static String mask(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return email;
        }
        String local = email.substring(0, at);
        String masked = local.length() <= 2 ? local.charAt(0) + "***"
                : local.charAt(0) + "***" + local.charAt(local.length() - 1);
        return masked + email.substring(at);
    }
}
