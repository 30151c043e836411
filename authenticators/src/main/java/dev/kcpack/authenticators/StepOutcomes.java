package dev.kcpack.authenticators;

import jakarta.ws.rs.core.Response;

import dev.kcpack.core.guard.Verification;
import dev.kcpack.core.support.PackEvents;
import dev.kcpack.core.token.SecondFactorProof;
import dev.kcpack.core.twofactor.Factor;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Errors;
import org.keycloak.models.utils.FormMessage;

/**
 * The one mapping from the outcome of a checked code to what a browser login step does:
 * wrong codes are failures Keycloak's brute-force detector counts, a lock shows the wait
 * (no guess was checked, so nothing is counted), a factor that is gone lets the flow
 * try another way, and an unreadable secret ends the login with an internal error.
 */
final class StepOutcomes {

    /** Message key of the lock: its one parameter is the seconds left. */
    static final String TOO_MANY_ATTEMPTS = "kcpackTooManyAttempts";

    /** The step's page with one message on its code field. */
    @FunctionalInterface
    interface Page {
        Response with(FormMessage message);
    }

    private StepOutcomes() {
    }

    /** Marks the event with the factor tried; call before checking. */
    static void tried(AuthenticationFlowContext context, Factor factor) {
        context.getEvent().user(context.getUser()).detail(PackEvents.SECOND_FACTOR, factor.apiName());
    }

    /**
     * Acts on {@code result}: {@code accepted} runs on success; every other outcome is
     * answered here, with {@code invalidMessage} on the page for a wrong code.
     */
    static void conclude(AuthenticationFlowContext context, Verification result, String field, String invalidMessage,
                         Page page, Runnable accepted) {
        switch (result.outcome()) {
            case ACCEPTED -> {
                SecondFactorProof.inBrowserFlow(context.getSession(), context.getRealm(),
                        context.getAuthenticationSession());
                TrustedBrowser.rememberIfChosen(context);
                accepted.run();
            }
            case REJECTED -> {
                context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                        page.with(new FormMessage(field, invalidMessage)));
            }
            case LOCKED -> locked(context, result, field, TOO_MANY_ATTEMPTS, page);
            case NOT_ACTIVE -> context.attempted();
            case CORRUPT -> {
                context.getEvent().error(Errors.INVALID_CONFIG);
                context.failure(AuthenticationFlowError.INTERNAL_ERROR);
            }
        }
    }

    /** A lock: the page shows the wait ({@code message} with the seconds left); no guess was checked, so nothing is counted. */
    static void locked(AuthenticationFlowContext context, Verification result, String field, String message, Page page) {
        context.getEvent().error(Errors.USER_TEMPORARILY_DISABLED);
        context.challenge(page.with(new FormMessage(field, message, result.retryAfterSeconds())));
    }
}
