package dev.kcpack.core.access;

import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.representations.AccessToken;

/**
 * Which apps of a realm may use the user API: those whose tokens the realm's admin gave the
 * API's audience {@value #AUDIENCE}, in Keycloak's own terms, as its Account API asks its
 * audience {@code account}: an Audience mapper ("Included Custom Audience" {@value #AUDIENCE})
 * in a client scope assigned to the app (the documented one is named {@value #SCOPE}) or in the
 * app's dedicated scope. No mapper, no access: a new app of the realm, a test client or a
 * third-party integration cannot drive the API with its tokens.
 *
 * <p>An access token shows it in its {@code aud}; every token (access, partial, sudo) names its
 * client, which must grant the audience still when the token is used, so taking the mapper away
 * ends at once what the app's live tokens could do.
 */
public final class ApiClients {

    /** The API's audience, as the Audience mapper writes it into access tokens. */
    public static final String AUDIENCE = "kcpack-user-api";
    /** The client scope the documentation and the demo realm name for carrying that mapper. */
    public static final String SCOPE = "kcpack-user-api";

    /** The refusal's code in the API's answers and the direct-grant step's. */
    public static final String NOT_ALLOWED = "API_CLIENT_NOT_ALLOWED";

    private static final Logger LOG = Logger.getLogger(ApiClients.class);
    /** How long one refusal log line stands for a realm and client (per cluster, not per node). */
    private static final long LOG_ONCE_SECONDS = 24 * 3600;

    private final KeycloakSession session;
    private final RealmModel realm;

    public ApiClients(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Whether the verified access token was issued with the API's audience. */
    public boolean admits(AccessToken token) {
        return token.hasAudience(AUDIENCE);
    }

    /**
     * Whether {@code client} grants its tokens the API's audience: an Audience mapper for it in
     * the client's dedicated scope or in one of its assigned client scopes (default or optional).
     */
    public boolean admits(ClientModel client) {
        Stream<ProtocolMapperModel> mappers = Stream.concat(client.getProtocolMappersStream(),
                Stream.concat(client.getClientScopes(true).values().stream(), client.getClientScopes(false).values().stream())
                        .flatMap(ClientScopeModel::getProtocolMappersStream));
        return mappers.anyMatch(ApiClients::grantsAudience);
    }

    /**
     * Logs a refusal of {@code clientId} once a day per realm and client across the cluster
     * (the single-use store's atomic mark), with what the admin would set to allow it.
     */
    public void logRefusal(String clientId) {
        String mark = "kcpack.api-client.refused." + realm.getId() + "." + clientId;
        if (session.singleUseObjects().putIfAbsent(mark, LOG_ONCE_SECONDS)) {
            LOG.warnf("realm %s: a token of client '%s' was refused by the user API: the client's tokens lack the "
                            + "audience '%s'. To allow the client, assign it the client scope '%s' (an Audience mapper, "
                            + "Included Custom Audience '%s') as a Default client scope; see docs/security.md",
                    realm.getName(), clientId, AUDIENCE, SCOPE, AUDIENCE);
        }
    }

    /**
     * The admin's one step to let {@code client} use the API: the realm's client scope
     * {@value #SCOPE} (made with its Audience mapper where the realm has none yet) becomes a
     * Default client scope of the client. Its existing tokens get the audience on their next refresh.
     */
    public void allow(ClientModel client) {
        ClientScopeModel scope = scope().orElseGet(() -> {
            ClientScopeModel made = realm.addClientScope(SCOPE);
            made.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            made.setDescription("Lets a client's tokens use the kcpack user API (/realms/{realm}/user)");
            made.setDisplayOnConsentScreen(false);
            made.setIncludeInTokenScope(false);
            made.addProtocolMapper(AudienceProtocolMapper.createClaimMapper(AUDIENCE + " audience", null, AUDIENCE,
                    true, false, true));
            return made;
        });
        if (!client.getClientScopes(true).containsKey(SCOPE)) {
            client.removeClientScope(scope);
            client.addClientScope(scope, true);
        }
    }

    /** Takes the scope {@value #SCOPE} from {@code client}; a mapper of the admin's own elsewhere stays. */
    public void disallow(ClientModel client) {
        scope().ifPresent(client::removeClientScope);
    }

    /** Whether the realm lacks the client scope {@value #SCOPE} ({@link #allow} then makes it). */
    public boolean scopeMissing() {
        return scope().isEmpty();
    }

    private java.util.Optional<ClientScopeModel> scope() {
        return realm.getClientScopesStream().filter(s -> SCOPE.equals(s.getName())).findFirst();
    }

    private static boolean grantsAudience(ProtocolMapperModel mapper) {
        return AudienceProtocolMapper.PROVIDER_ID.equals(mapper.getProtocolMapper())
                && (AUDIENCE.equals(mapper.getConfig().get(AudienceProtocolMapper.INCLUDED_CUSTOM_AUDIENCE))
                || AUDIENCE.equals(mapper.getConfig().get(AudienceProtocolMapper.INCLUDED_CLIENT_AUDIENCE)));
    }
}
