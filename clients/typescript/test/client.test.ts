/**
 * The client against the real server: KcpackClientIT (Java) starts Keycloak with the pack,
 * makes a realm (Keycloak's brute-force detection off, so the pack's own limiter answers)
 * and two users, and runs these tests with their names in the environment. The user's
 * phone is the otpauth library, which shares no code with Keycloak.
 */
import { strict as assert } from "node:assert";
import { test } from "node:test";
import * as OTPAuth from "otpauth";

import { KcpackClient, KcpackError } from "../src/index.js";

function env(name: string): string {
    const value = process.env[name];
    assert.ok(value, `${name} is not set: run through KcpackClientIT`);
    return value;
}

const client = new KcpackClient({ baseUrl: env("KCPACK_BASE_URL"), realm: env("KCPACK_REALM"), clientId: "demo-app" });

function decode(jwt: string): Record<string, unknown> {
    return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

async function rejection(promise: Promise<unknown>): Promise<KcpackError> {
    try {
        await promise;
    } catch (e) {
        assert.ok(e instanceof KcpackError, `not a KcpackError: ${e}`);
        return e;
    }
    assert.fail("expected the call to fail");
}

test("a user without a second factor gets tokens from the first step, then enrols TOTP", async () => {
    const start = await client.login(env("KCPACK_PLAIN_USER"), env("KCPACK_PLAIN_PASSWORD"));
    assert.equal(start.kind, "tokens");
    if (start.kind !== "tokens") return;
    const access = start.tokens.accessToken;
    assert.deepEqual(await client.getTwoFactorStatus(access), { enabled: false });

    const { url } = await client.setupTotp(access);
    const phone = OTPAuth.URI.parse(url) as OTPAuth.TOTP;
    const wrong = await rejection(client.activateTotp(access, phone.generate() === "000000" ? "111111" : "000000"));
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.message, "TOTP_INVALID");
    const { recoveryCodes } = await client.activateTotp(access, phone.generate());
    assert.equal(recoveryCodes.length, 10);
    assert.equal((await client.getTwoFactorStatus(access)).enabled, true);
});

test("a user with TOTP logs in in two steps and gets OIDC-shaped tokens", async () => {
    const phone = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(env("KCPACK_TOTP_SECRET")) });
    const start = await client.login(env("KCPACK_TOTP_USER"), env("KCPACK_TOTP_PASSWORD"));
    assert.equal(start.kind, "2fa");
    if (start.kind !== "2fa") return;
    assert.deepEqual(start.methods, ["totp", "recoveryCode"]);

    // The code of the next window: the one of this window went to enrolling the app, and each code works once.
    const tokens = await client.verifyTotp(start.partialAuthToken, phone.generate({ timestamp: Date.now() + 30_000 }));
    assert.ok(tokens.accessToken && tokens.refreshToken && tokens.sudoToken && tokens.idToken);
    assert.equal(tokens.tokenType, "Bearer");
    assert.ok((tokens.expiresIn ?? 0) > 0);
    assert.equal(decode(tokens.idToken!).azp, "demo-app");

    // The sudo token lets the user replace the recovery codes, and end the trust of every browser (none here).
    const { recoveryCodes } = await client.resetRecoveryCodes(tokens.sudoToken);
    assert.equal(recoveryCodes.length, 10);
    assert.deepEqual(await client.getTrustedDevices(tokens.accessToken), { devices: [] });
    assert.deepEqual(await client.removeTrustedDevices(tokens.sudoToken), { removed: 0 });
    const unknown = await rejection(client.removeTrustedDevice(tokens.sudoToken, "no-such-device"));
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.message, "TRUSTED_DEVICE_NOT_FOUND");
    // Its sessions: this login's is the current one, of demo-app; the sudo token ends the others.
    const listed = await client.getSessions(tokens.accessToken);
    const current = listed.sessions.filter((s) => s.current);
    assert.equal(current.length, 1);
    assert.deepEqual(current[0].clients.map((c) => c.clientId), ["demo-app"]);
    assert.deepEqual(await client.deleteOtherSessions(tokens.sudoToken), { ended: listed.sessions.length - 1 });
    const noSuch = await rejection(client.deleteSession(tokens.sudoToken, "no-such-session"));
    assert.equal(noSuch.statusCode, 404);
    assert.equal(noSuch.message, "SESSION_NOT_FOUND");
    // The partial token is used up.
    const again = await rejection(client.verifyTotp(start.partialAuthToken, phone.generate({ timestamp: Date.now() - 30_000 })));
    assert.equal(again.statusCode, 401);
    assert.equal(again.message, "INVALID_TOKEN");
});

test("the limiter's wait comes back as retryAfter", async () => {
    const start = await client.login(env("KCPACK_LOCKED_USER"), env("KCPACK_LOCKED_PASSWORD"));
    assert.equal(start.kind, "2fa");
    if (start.kind !== "2fa") return;
    for (let i = 0; i < 5; i++) {
        const wrong = await rejection(client.verifyRecoveryCode(start.partialAuthToken, "zzzzzzzzzzzz" + String(i).padStart(4, "0")));
        assert.equal(wrong.message, "RECOVERY_CODE_INVALID");
    }
    const locked = await rejection(client.verifyRecoveryCode(start.partialAuthToken, "zzzzzzzzzzzz0009"));
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.message, "TOO_MANY_RECOVERY_CODE_CHECKS");
    assert.ok((locked.retryAfter ?? 0) > 0, `retryAfter ${locked.retryAfter}`);
    const { duration } = await client.nextRecoveryCodeGuess(start.partialAuthToken);
    assert.ok(duration > 0);
});

test("bad input is a 400 in the contract's words, a wrong password OAuth's", async () => {
    const bad = await rejection(client.sendPasswordResetOtp("not an address"));
    assert.equal(bad.statusCode, 400, JSON.stringify(bad.body));
    assert.equal(bad.error, "Bad Request", JSON.stringify(bad.body));
    const wrong = await rejection(client.login(env("KCPACK_PLAIN_USER"), "not-the-password"));
    // Keycloak's token endpoint: 400 invalid_grant as OAuth 2.0 says from 26.7 on, 401 before;
    // the client keeps its words either way.
    assert.ok(wrong.statusCode === 400 || wrong.statusCode === 401, JSON.stringify(wrong.body));
    assert.equal(wrong.error, "invalid_grant", JSON.stringify(wrong.body));
    assert.equal(wrong.message, "Invalid user credentials");
});
