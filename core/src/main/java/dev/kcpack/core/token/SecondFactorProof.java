package dev.kcpack.core.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.kcpack.core.settings.PackSettings;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What a login that passed a second factor tells its tokens, the Keycloak-native way.
 *
 * <p>{@code acr}: the realm's 2FA level ({@code kcpack.acr.secondFactorLevel}, 2) is
 * recorded with Keycloak's {@link AcrStore}; Keycloak's ACR mapper (default scope
 * {@code acr}) puts it in the tokens, through the client's {@code acr.loa.map} if it has
 * one. A login without a second factor keeps Keycloak's own level (1).
 *
 * <p>{@code amr}: Keycloak's AMR mapper lists the "authentication reference" of every
 * execution that completed. In the browser flow Keycloak records the pack's step itself;
 * the API logins (direct grant, two-step) and the login form's passkey sign-in run no step of
 * the factor, so they record the browser flow's executions of the factor's step: the reference an admin gives a pack step there is
 * what every door reports for that factor.
 */
public final class SecondFactorProof {

    /**
     * User session note: the execution of a form that takes a password or a passkey, when the
     * last login through it was the passkey's (empty when it was the password's). Keycloak records
     * the form's execution either way; its reference (the password's, {@code pwd}) is then not
     * what the user did.
     */
    static final String FORM_WITHOUT_PASSWORD = "kcpack.formWithoutPassword";

    private SecondFactorProof() {
    }

    /** The form {@code formExecutionId} signed the user in with a passkey: its password reference does not apply. */
    public static void passwordNotUsed(AuthenticationSessionModel authSession, String formExecutionId) {
        authSession.setUserSessionNote(FORM_WITHOUT_PASSWORD, formExecutionId);
    }

    /** The form signed the user in with their password (a re-login in the same session undoes a passkey's mark). */
    public static void passwordUsed(AuthenticationSessionModel authSession) {
        authSession.setUserSessionNote(FORM_WITHOUT_PASSWORD, "");
    }

    /**
     * The executions whose references the tokens' amr lists: Keycloak's completed executions of
     * the user session, less a form's whose password was not used ({@link #passwordNotUsed}).
     */
    static Map<String, Integer> executionsForAmr(UserSessionModel userSession) {
        Map<String, Integer> completed = AuthenticatorUtils.parseCompletedExecutions(
                userSession.getNote(Constants.AUTHENTICATORS_COMPLETED));
        String withoutPassword = userSession.getNote(FORM_WITHOUT_PASSWORD);
        if (withoutPassword != null && !withoutPassword.isEmpty()) {
            completed.remove(withoutPassword);
        }
        return completed;
    }

    /** A login step of the browser flow proved a factor (Keycloak records the step's execution). */
    public static void inBrowserFlow(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        new AcrStore(session, authSession).setLevelAuthenticated(PackSettings.of(realm).secondFactorLevel());
    }

    /**
     * A login proved a factor outside that factor's own browser step {@code loginStep} (a provider
     * id, {@code Factor.loginStep()}): an API login (direct grant, two-step, passkey sign-in) or the
     * passkey sign-in of the login form. Records the level, and the browser flow's executions of
     * that step, so amr carries the reference the admin gave the factor's step.
     */
    public static void outsideItsStep(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                                  String loginStep) {
        inBrowserFlow(session, realm, authSession);
        AuthenticationFlowModel browser = realm.getBrowserFlow();
        if (browser != null) {
            executions(realm, browser.getId())
                    .filter(execution -> loginStep.equals(execution.getAuthenticator()))
                    .forEach(execution -> AuthenticatorUtils.updateCompletedExecutions(authSession, null,
                            execution.getId()));
        }
    }

    /** The executions that completed the direct grant of the first step (the password), for the second. */
    public static void passwordOfDirectGrant(RealmModel realm, AuthenticationSessionModel authSession, String flowId,
                                             String passwordStep) {
        executions(realm, flowId)
                .filter(execution -> passwordStep.equals(execution.getAuthenticator()))
                .forEach(execution -> AuthenticatorUtils.updateCompletedExecutions(authSession, null, execution.getId()));
    }

    /** Every execution of a flow and of its sub-flows. */
    private static Stream<AuthenticationExecutionModel> executions(RealmModel realm, String flowId) {
        List<AuthenticationExecutionModel> all = new ArrayList<>();
        realm.getAuthenticationExecutionsStream(flowId).forEach(execution -> {
            all.add(execution);
            if (execution.isAuthenticatorFlow()) {
                executions(realm, execution.getFlowId()).forEach(all::add);
            }
        });
        return all.stream();
    }
}
