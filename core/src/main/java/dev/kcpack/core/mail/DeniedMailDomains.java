package dev.kcpack.core.mail;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kcpack.core.support.PackMetrics;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.models.RealmModel;

/**
 * Mail providers the pack refuses to send codes to: disposable-mail services by default,
 * or the realm's own list (setting "Denied mail domains";
 * a domain also covers its subdomains).
 */
public final class DeniedMailDomains {

    static final Set<String> DEFAULT = Set.of("mailinator.com", "guerrillamail.com", "guerrillamail.net",
            "sharklasers.com", "10minutemail.com", "temp-mail.org", "tempmail.com", "yopmail.com",
            "trashmail.com", "getnada.com", "dispostable.com", "maildrop.cc", "throwawaymail.com",
            "fakeinbox.com", "mailnesia.com", "mintemail.com", "tempail.com", "emailondeck.com");

    private DeniedMailDomains() {
    }

    public static boolean isDenied(RealmModel realm, String email) {
        int at = email.lastIndexOf('@');
        if (at < 0) {
            return false;
        }
        String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
        Set<String> denied = denied(realm);
        for (String candidate = domain; !candidate.isEmpty(); ) {
            if (denied.contains(candidate)) {
                PackMetrics.mail(realm, "refused_domain");
                return true;
            }
            int dot = candidate.indexOf('.');
            candidate = dot < 0 ? "" : candidate.substring(dot + 1);
        }
        return false;
    }

    static Set<String> denied(RealmModel realm) {
        List<String> configured = PackSettings.of(realm).deniedDomains();
        if (configured.isEmpty()) {
            return DEFAULT;
        }
        return configured.stream()
                .map(d -> d.toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
