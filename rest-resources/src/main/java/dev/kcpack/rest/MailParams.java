package dev.kcpack.rest;

import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.kcpack.core.mail.DeniedMailDomains;
import dev.kcpack.core.mail.MailOptions;
import dev.kcpack.core.mail.PackMailer;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The {@code origin} and {@code language} query parameters of the mail-sending endpoints (spec section 4). */
final class MailParams {

    private MailParams() {
    }

    /** Reads and checks the parameters; an unknown origin is refused before anything is sent. */
    static MailOptions read(KeycloakSession session) {
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        String origin = query.getFirst("origin");
        String language = query.getFirst("language");
        if (origin != null && origin.length() > 256) {
            throw ApiException.badRequest("origin must be at most 256 characters");
        }
        if (language != null && !language.matches("[A-Za-z]{2}")) {
            throw ApiException.badRequest("language must be 2 letters");
        }
        RealmModel realm = session.getContext().getRealm();
        java.util.Optional<Map<String, String>> branding = new PackMailer(session, realm).branding(origin);
        if (branding.isEmpty()) {
            throw ApiException.serverError(ApiErrorCodes.UNABLE_TO_FIND_MAIL_TEMPLATE);
        }
        return new MailOptions(origin, language == null ? null : language.toLowerCase(java.util.Locale.ROOT));
    }

    /** Refuses addresses of denied mail providers. */
    static void refuseDeniedProvider(KeycloakSession session, String email) {
        if (DeniedMailDomains.isDenied(session.getContext().getRealm(), email)) {
            throw ApiException.forbidden(ApiErrorCodes.FORBIDDEN_MAIL_PROVIDER);
        }
    }
}
