/**
 * Login-flow steps of the pack (Authenticator SPIs): TOTP, email OTP, recovery codes
 * in the browser flow and the second-factor step of the direct-grant flow. The steps
 * arrive with the factor issues; this module is the place they live in.
 */
package dev.kcpack.authenticators;
