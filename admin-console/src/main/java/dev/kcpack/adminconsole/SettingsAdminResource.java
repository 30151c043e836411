package dev.kcpack.adminconsole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.kcpack.core.compat.SupportedKeycloak;
import dev.kcpack.core.mail.MailBrand;
import dev.kcpack.core.mail.MailBrands;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The settings in force in one realm, whatever their source (the settings component, an old
 * realm attribute, the default), and its mail brands; for admins who may view the realm.
 */
public final class SettingsAdminResource {

    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    SettingsAdminResource(RealmModel realm, AdminPermissionEvaluator auth) {
        this.realm = realm;
        this.auth = auth;
    }

    /** What the pack is, and does, in this realm. */
    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> effectiveSettings() {
        auth.realm().requireViewRealm();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kcpackVersion", SupportedKeycloak.packVersion());
        answer.put("keycloakVersion", SupportedKeycloak.running());
        answer.put("settings", PackSettings.of(realm).effective());
        List<MailBrand> brands = MailBrands.all(realm);
        answer.put("mailBrands", brands);
        return answer;
    }
}
