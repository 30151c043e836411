package dev.kcpack.core.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;

import jakarta.ws.rs.core.UriInfo;

import org.keycloak.common.ClientConnection;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * The one place where the pack calls a Keycloak API whose shape differs between the
 * Keycloak versions it supports (26.4 to 26.7). Every other class calls Keycloak only
 * through methods that exist, with the same meaning, in all of them. The build compiles the
 * pack against the oldest (the {@code keycloak.api.version} of the POM) and runs the one JAR
 * on each supported distribution ({@code -Dkeycloak.version=…}): compiled against 26.7, a
 * method reference such as {@code UserModel::getId} names {@code org.keycloak.models.Model},
 * which 26.4 lacks.
 *
 * <p>What differs, and how it is bridged:
 * <ul>
 *   <li>{@code BruteForceProtector.failedLogin}: 26.4 and 26.5 take (realm, user,
 *   connection, uri); 26.7 adds the authentication categories it counts. No single call
 *   compiles against both, so the method is found once, by its parameters, here.</li>
 *   <li>{@code Cors}: 26.4 and 26.5 call it {@code allowedOrigins(…)} and check nothing;
 *   26.7 renamed it {@code checkAllowedOrigins(…)}, which also refuses a foreign
 *   {@code Origin} with 403. The pack checks the origin itself ({@code OriginCheck} in
 *   the REST module) and gives Keycloak's {@code Cors} only methods common to all.</li>
 *   <li>{@code AuthenticationManager.AuthResult}: a class with getters in 26.4, a record
 *   in 26.5+ that keeps the getters (deprecated): the getters are used.</li>
 *   <li>{@code EmailTemplateProvider.send(…, destinationEmail)} is 26.7 only: the pack sends
 *   to another address by handing Keycloak a user whose address is that one.</li>
 *   <li>{@code JsonWebToken.issuedNowWithTTL} is 26.7 only: {@code iat}/{@code exp} are set.</li>
 * </ul>
 */
public final class KeycloakApi {

    private static final MethodHandle FAILED_LOGIN = failedLogin();

    private KeycloakApi() {
    }

    /** Tells Keycloak's brute-force detector of a wrong guess in {@code category} (a credential type). */
    public static void failedLogin(BruteForceProtector protector, RealmModel realm, UserModel user,
                                   ClientConnection connection, UriInfo uri, String category) {
        try {
            FAILED_LOGIN.invoke(protector, realm, user, connection, uri, Set.of(category));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new IllegalStateException(checked);
        }
    }

    private static MethodHandle failedLogin() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType fourArguments = MethodType.methodType(void.class, RealmModel.class, UserModel.class,
                ClientConnection.class, UriInfo.class);
        try {
            // Keycloak 26.7: the categories (credential types) decide whether a failure counts.
            return lookup.findVirtual(BruteForceProtector.class, "failedLogin", fourArguments.appendParameterTypes(Set.class));
        } catch (NoSuchMethodException before267) {
            try {
                // Keycloak 26.4 and 26.5: every failure counts; the category is dropped.
                return MethodHandles.dropArguments(
                        lookup.findVirtual(BruteForceProtector.class, "failedLogin", fourArguments), 5, Set.class);
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException("this Keycloak's BruteForceProtector has no failedLogin the pack knows", e);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
