package dev.kcpack.rest;

import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * Who is calling, as proven by the bearer token.
 *
 * @param clientId the client the token was issued to
 * @param sudo     whether the token was a sudo token (a second factor was just verified)
 */
record Caller(UserModel user, UserSessionModel userSession, String clientId, boolean sudo) {
}
