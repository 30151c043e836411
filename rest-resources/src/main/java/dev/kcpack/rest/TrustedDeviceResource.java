package dev.kcpack.rest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import dev.kcpack.core.trust.TrustedDevices;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /user/2fa/trusted-devices} (#14, ours): the browsers the user trusted after a second
 * factor. Listing needs an access token; ending a trust needs a sudo token, like removing a factor.
 */
public final class TrustedDeviceResource {

    private final KeycloakSession session;
    private final BearerAuth auth;

    TrustedDeviceResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
    }

    @GET
    public Response getTrustedDevices() {
        Caller caller = auth.requireAccessToken();
        List<TrustedDevice> devices = devices(caller).list().stream().map(TrustedDevice::new).toList();
        return ApiResponses.ok(Map.of("devices", devices));
    }

    @DELETE
    @Path("{id}")
    public Response removeTrustedDevice(@PathParam("id") String id) {
        Caller caller = auth.requireSudoToken();
        if (id == null || id.length() > 64 || !devices(caller).revoke(id)) {
            throw ApiException.notFound(ApiErrorCodes.TRUSTED_DEVICE_NOT_FOUND);
        }
        removed(caller, "trusted-devices/remove");
        return ApiResponses.ok(null);
    }

    @DELETE
    public Response removeTrustedDevices() {
        Caller caller = auth.requireSudoToken();
        int removed = devices(caller).revokeAll();
        removed(caller, "trusted-devices/remove-all");
        return ApiResponses.ok(Map.of("removed", removed));
    }

    private void removed(Caller caller, String operation) {
        new ApiEvents(session).event(EventType.REMOVE_CREDENTIAL, caller, operation)
                .detail(Details.CREDENTIAL_TYPE, TrustedDevices.CREDENTIAL_TYPE).success();
    }

    private TrustedDevices devices(Caller caller) {
        return new TrustedDevices(session, session.getContext().getRealm(), caller.user());
    }

    /** One trusted browser: when it was trusted, last used and stops being trusted (ISO-8601 UTC), and what it is. */
    public record TrustedDevice(String id, String createdAt, String lastUsedAt, String expiresAt, String summary) {
        TrustedDevice(TrustedDevices.Device device) {
            this(device.id(), iso(device.createdAt()), iso(device.lastUsedAt()), iso(device.expiresAt()), device.summary());
        }

        private static String iso(long epochMillis) {
            return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }
}
