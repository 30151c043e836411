package dev.kcpack.adminconsole;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.access.ApiClients;
import dev.kcpack.core.compat.SupportedKeycloak;
import dev.kcpack.core.mail.MailBrand;
import dev.kcpack.core.mail.MailBrands;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The settings in force in one realm, whatever their source (the settings component, an old
 * realm attribute, the default), and its mail brands, for admins who may view the realm; and
 * the apps that may use the user API, for admins who may manage them.
 */
public final class SettingsAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    SettingsAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                          AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
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

    /**
     * The admin's one step to let an app use the user API: the client {@code clientId} gets the
     * realm's client scope {@code kcpack-user-api} (made with its Audience mapper if missing) as
     * a Default client scope. Idempotent; 204.
     */
    @PUT
    @Path("api-clients/{clientId}")
    public Response allowApiClient(@PathParam("clientId") String clientId) {
        ClientModel client = client(clientId);
        auth.clients().requireManage(client);
        if (new ApiClients(session, realm).scopeMissing()) {
            auth.clients().requireManageClientScopes();
        }
        new ApiClients(session, realm).allow(client);
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.CLIENT)
                .resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    /** Takes the client scope {@code kcpack-user-api} from the client {@code clientId}; 204. */
    @DELETE
    @Path("api-clients/{clientId}")
    public Response disallowApiClient(@PathParam("clientId") String clientId) {
        ClientModel client = client(clientId);
        auth.clients().requireManage(client);
        new ApiClients(session, realm).disallow(client);
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.CLIENT)
                .resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    private ClientModel client(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            auth.clients().requireView();
            throw new NotFoundException("Could not find client");
        }
        return client;
    }
}
