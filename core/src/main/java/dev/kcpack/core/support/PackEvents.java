package dev.kcpack.core.support;

/**
 * The details the pack adds to Keycloak's events, one vocabulary for every door: admins
 * filter on them whether a proof came by REST, a browser step or the direct grant.
 */
public final class PackEvents {

    /** Which pack operation caused the event, e.g. {@code totp/enable}. */
    public static final String OPERATION = "kcpack_operation";
    /** Which second factor was proven or tried: a {@code Factor}'s API name ({@code totp}, {@code emailOtp}, {@code recoveryCode}). */
    public static final String SECOND_FACTOR = "kcpack_second_factor";

    private PackEvents() {
    }
}
