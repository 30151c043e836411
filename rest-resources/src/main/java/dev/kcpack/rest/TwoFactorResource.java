package dev.kcpack.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcpack.core.twofactor.SecondFactors;
import org.keycloak.models.KeycloakSession;

/** {@code /user/2fa}: the second factors of the calling user. */
public final class TwoFactorResource {

    private final KeycloakSession session;
    private final BearerAuth auth;

    TwoFactorResource(KeycloakSession session, BearerAuth auth) {
        this.session = session;
        this.auth = auth;
    }

    @Path("totp")
    public TotpResource totp() {
        return new TotpResource(session, auth);
    }

    @Path("email-otp")
    public EmailOtpResource emailOtp() {
        return new EmailOtpResource(session, auth);
    }

    @Path("recovery-code")
    public RecoveryCodeResource recoveryCode() {
        return new RecoveryCodeResource(session, auth);
    }

    @Path("passkey")
    public PasskeyResource passkey() {
        return new PasskeyResource(session, auth);
    }

    @Path("trusted-devices")
    public TrustedDeviceResource trustedDevices() {
        return new TrustedDeviceResource(session, auth);
    }

    /** Operation #3: which second factors the user has switched on. */
    @GET
    public Response getTwoFactorStatus() {
        Caller caller = auth.requireAccessToken();
        SecondFactors factors = new SecondFactors(session, session.getContext().getRealm(), caller.user());
        return ApiResponses.ok(new TwoFactorStatus(
                factors.enabled(),
                factors.emailOtp().email().map(email -> new EmailOtpStatus(email,
                        factors.emailOtp().completedAt().map(Completed::new).map(Completed::completedAt).orElse(null)))
                        .orElse(null),
                factors.totp().completedAt().map(Completed::new).orElse(null),
                factors.recoveryCodesUsable()
                        ? factors.recoveryCodes().completedAt().map(Completed::new).orElse(null) : null,
                factors.passkeys().isActive() ? PasskeyResource.list(factors) : null));
    }

    /** Body of operation #3; methods that are not active are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TwoFactorStatus(boolean enabled, EmailOtpStatus emailOtp, Completed totp, Completed recoveryCodes,
                                  List<Map<String, Object>> passkeys) {
    }

    /** The active email-OTP address and when it was activated. */
    public record EmailOtpStatus(String email, String completedAt) {
    }

    /** When a method was activated, as ISO-8601 UTC. */
    public record Completed(String completedAt) {
        Completed(Instant at) {
            this(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
    }
}
