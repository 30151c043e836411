package dev.kcpack.core.token;

import java.util.Optional;

import dev.kcpack.core.durable.DurableState;
import dev.kcpack.core.support.AfterTransaction;
import dev.kcpack.core.support.PackMetrics;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The API login of a user with 2FA, in two steps: the direct grant hands out a partial
 * auth token, and after a second factor is verified the login is finished here into a
 * real Keycloak user session with the tokens the direct grant would have given.
 */
public final class TwoStepLogin {

    public static final String AUTH_METHOD = "kcpack-2fa";
    /** The kind of the durable mark a finished login leaves on its partial token. */
    private static final String SPENT = "partial";

    /** A verified partial auth token: whose, for which client, and its used-mark as read then. */
    public record Partial(UserModel user, ClientModel client, PartialAuthToken token, DurableState.SpentMark spentMark) {
    }

    /** The finished login. */
    public record Finished(AccessTokenResponse tokens, UserSessionModel userSession) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public TwoStepLogin(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public String issuePartialToken(UserModel user, ClientModel client, String scope) {
        PartialAuthToken token = new PartialAuthToken();
        token.setScope(scope);
        return new PackTokens(session, realm).encode(token, PartialAuthToken.TYPE, user.getId(), client.getClientId(),
                PackSettings.of(realm).partialTokenLifespan());
    }

    /** The partial token's user and client, if the token is genuine, current and not used yet. */
    public Optional<Partial> verify(String encoded) {
        Optional<PartialAuthToken> decoded =
                new PackTokens(session, realm).decode(encoded, PartialAuthToken.class, PartialAuthToken.TYPE);
        if (decoded.isEmpty() || session.singleUseObjects().contains(usedKey(decoded.get()))) {
            return Optional.empty();
        }
        PartialAuthToken token = decoded.get();
        DurableState.SpentMark spentMark = new DurableState(session, realm).spentMark(SPENT, token.getId());
        if (spentMark.spent()) {
            return Optional.empty();
        }
        UserModel user = session.users().getUserById(realm, token.getSubject());
        ClientModel client = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        if (user == null || !user.isEnabled() || client == null || !client.isEnabled()
                || TokenRevocation.revoked(user, token, TokenRevocation.PARTIAL)) {
            return Optional.empty();
        }
        return Optional.of(new Partial(user, client, token, spentMark));
    }

    /**
     * Claims the partial token for one finishing attempt: true for exactly one of any
     * number of requests carrying it, on any node (the store's atomic putIfAbsent). A
     * request whose transaction rolls back gives its claim back, so a token is never used
     * up by a login that did not happen.
     */
    public boolean claim(Partial partial) {
        String key = usedKey(partial.token());
        if (!session.singleUseObjects().putIfAbsent(key, lifespan(partial))) {
            return false;
        }
        AfterTransaction.onRollback(session, () -> session.singleUseObjects().remove(key));
        return true;
    }

    /**
     * Marks a claimed partial token used in the database, in the request's transaction: for a
     * login its factor finished elsewhere (a password grant carrying the code mailed for it).
     */
    public void spend(Partial partial) {
        partial.spentMark().spend(lifespan(partial));
    }

    /** Gives a claim back after the second factor failed, so the user may try again with the same token. */
    public void release(Partial partial) {
        session.singleUseObjects().remove(usedKey(partial.token()));
    }

    /**
     * Logs the user in with a claimed partial token: a new user session, the tokens for
     * the token's client and scopes, a LOGIN event. The token is marked used in the
     * database in the same transaction, so it stays used after a restart of the whole
     * cluster (which empties the single-use store that holds the claim).
     *
     * @param secondFactor the factor's name in events ({@code Factor.apiName()})
     * @param loginStep    its browser step ({@code Factor.loginStep()}), for the tokens' amr
     */
    public Finished finish(Partial partial, String secondFactor, String loginStep) {
        spend(partial);
        ClientModel client = partial.client();
        UserModel user = partial.user();
        KeycloakLoginTail tail = new KeycloakLoginTail(session, realm);
        EventBuilder event = tail.loginEvent(client, user, AUTH_METHOD, secondFactor);
        AuthenticationSessionModel authSession = tail.begin(client, user, partial.token().getScope(), issuer());
        // What the first step (the password grant) and the second (the factor) proved, for acr and amr.
        tail.passwordOfDirectGrant(client, authSession);
        SecondFactorProof.outsideItsStep(session, realm, authSession, loginStep);
        KeycloakLoginTail.Issued issued = tail.issue(authSession, event);
        event.success();
        PackMetrics.twoStepLogin(realm, secondFactor);
        return new Finished(issued.tokens(), issued.userSession());
    }

    private static long lifespan(Partial partial) {
        return Math.max(1, partial.token().getExp() - partial.token().getIat());
    }

    private static String usedKey(PartialAuthToken token) {
        return "kcpack.partial.used." + token.getId();
    }

    String issuer() {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }
}
