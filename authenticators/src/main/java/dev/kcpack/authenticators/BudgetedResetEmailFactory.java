package dev.kcpack.authenticators;

import jakarta.ws.rs.core.Response;

import dev.kcpack.core.guard.DoorBudgets;
import dev.kcpack.core.guard.PublicDoor;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialEmail;
import org.keycloak.events.Errors;
import org.keycloak.services.messages.Messages;

/**
 * Keycloak's own "Forgot password?" mail (its {@code reset-credential-email} step), under the
 * budget of reset mails the API's {@code password/forgot} and {@code password/reset/send} share:
 * per client address and realm-wide. Past it nothing is mailed and the page says so, the same
 * for every account or none; otherwise it is Keycloak's step unchanged.
 */
public final class BudgetedResetEmailFactory extends ResetCredentialEmail {

    public static final String ID = "kcpack-reset-credential-email";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        long wait = new DoorBudgets(context.getSession(), context.getRealm()).admit(PublicDoor.RESET_MAIL);
        if (wait > 0) {
            context.getEvent().error(Errors.EMAIL_SEND_FAILED);
            Response page = context.form().setError(Messages.EMAIL_SENT_ERROR)
                    .createErrorPage(Response.Status.TOO_MANY_REQUESTS);
            context.challenge(Response.fromResponse(page).header("Retry-After", wait).build());
            return;
        }
        super.authenticate(context);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kcpack send reset email (budgeted)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's reset-credential-email under the pack's budget of reset mails per client address and realm.";
    }
}
