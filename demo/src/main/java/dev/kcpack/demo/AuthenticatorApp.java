package dev.kcpack.demo;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.aerogear.security.otp.Totp;
import org.jboss.aerogear.security.otp.api.Clock;

/**
 * Plays the user's phone app: reads the otpauth URL as an app scans it (secret and
 * period) and makes codes with aerogear-otp-java, which shares no code with Keycloak.
 * Keycloak's default OTP policy accepts the codes of the previous, current and next
 * window, so a test can have three different valid codes without waiting.
 */
public final class AuthenticatorApp {

    private static final int DEFAULT_PERIOD_SECONDS = 30;

    private final String base32Secret;
    private final int periodSeconds;
    private final java.util.Set<String> handedOut = new java.util.HashSet<>();

    private AuthenticatorApp(String base32Secret, int periodSeconds) {
        this.base32Secret = base32Secret;
        this.periodSeconds = periodSeconds;
    }

    public static AuthenticatorApp scan(String otpauthUrl) {
        Map<String, String> query = query(URI.create(otpauthUrl).getRawQuery());
        return new AuthenticatorApp(query.get("secret"),
                Integer.parseInt(query.getOrDefault("period", Integer.toString(DEFAULT_PERIOD_SECONDS))));
    }

    /** The app as set up from the raw secret Keycloak's own enrolment page holds in its {@code totpSecret} field. */
    public static AuthenticatorApp fromKeycloakPageSecret(String rawSecret) {
        return fromBase32Secret(org.jboss.aerogear.security.otp.api.Base32.encode(rawSecret.getBytes(StandardCharsets.UTF_8)));
    }

    public static AuthenticatorApp fromBase32Secret(String secret) {
        return new AuthenticatorApp(secret.replace(" ", ""), DEFAULT_PERIOD_SECONDS);
    }

    /**
     * A valid code that this app has not handed out before: the server accepts each code
     * once, and a 30-second boundary may pass between two calls of one test. When the
     * three accepted codes are used up, it waits for the next window, as a person would.
     */
    public String code() {
        while (true) {
            long periodMillis = periodSeconds * 1000L;
            long millisToNextWindow = periodMillis - System.currentTimeMillis() % periodMillis;
            // The previous window's code stays good only until this window ends: handed out
            // in its last seconds, it may reach the server a window later, and be refused.
            int[] offsets = millisToNextWindow > 10_000 ? new int[] {0, 1, -1} : new int[] {0, 1};
            for (int offset : offsets) {
                String code = codeAt(offset);
                if (handedOut.add(code)) {
                    return code;
                }
            }
            try {
                Thread.sleep(millisToNextWindow + 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The code of the window {@code offset} periods from now (-1, 0 or 1 are accepted). */
    public String codeAt(int offset) {
        return new Totp(base32Secret, new Clock(periodSeconds) {
            @Override
            public long getCurrentInterval() {
                return super.getCurrentInterval() + offset;
            }
        }).now();
    }

    /** Whether the server would take {@code code} as one of this app's codes right now. */
    public boolean accepts(String code) {
        return code.equals(codeAt(-1)) || code.equals(codeAt(0)) || code.equals(codeAt(1));
    }

    /** A 6-digit code that this app would not show in any accepted window. */
    public String wrongCode() {
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!accepts(code)) {
                return code;
            }
        }
    }

    static Map<String, String> query(String rawQuery) {
        return Arrays.stream(rawQuery.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
    }
}
