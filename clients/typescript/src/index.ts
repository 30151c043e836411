/**
 * A small fetch-based client for the kcpack REST API of one Keycloak realm
 * (`/realms/{realm}/user/...`), typed from the OpenAPI document (`docs/openapi.json`,
 * generated into `schema.d.ts`). Method names are the operationIds. Every failure is a
 * {@link KcpackError} with the contract's `statusCode`, `error` and `message`, and the
 * wait of a 429 as `retryAfter` (seconds).
 */
import type { components, operations } from "./schema.js";

export type Schemas = components["schemas"];
export type Tokens = Schemas["Tokens"];
export type TwoFactorStatus = Schemas["TwoFactorStatus"];
export type Method = "totp" | "emailOtp" | "passkey" | "recoveryCode";
/** What the browser's credential.toJSON() gives (RegistrationResponseJSON, AuthenticationResponseJSON). */
export type PasskeyCredentialJSON = { id: string; response: Record<string, unknown>; [field: string]: unknown };

type Ops = operations;
type JsonBody<K extends keyof Ops> = Ops[K] extends { requestBody: { content: { "application/json": infer B } } }
    ? B
    : Ops[K] extends { requestBody?: { content: { "application/json": infer B } } }
        ? B | undefined
        : undefined;
type Answer<K extends keyof Ops> = Ops[K] extends { responses: { 200: { content: { "application/json": infer R } } } }
    ? R
    : never;
type Query<K extends keyof Ops> = Ops[K] extends { parameters: { query?: infer Q } } ? Q : never;

/**
 * A change of how the user signs in ends the user's other sessions (online and offline) unless
 * `keepOtherSessions` is true; the caller's own session stays either way.
 */
export type SessionChoice = { keepOtherSessions?: boolean };

/** Options of a mail the server sends: its branding and its language. */
export type MailOptions = { origin?: string; language?: string };

/** A failure in the contract's shape (or Keycloak's token endpoint's, mapped onto it). */
export class KcpackError extends Error {
    readonly statusCode: number;
    readonly error: string;
    /** Seconds until the next attempt is allowed, on a 429. */
    readonly retryAfter?: number;
    /** The whole body the server sent. */
    readonly body: unknown;

    constructor(statusCode: number, error: string, message: string, retryAfter: number | undefined, body: unknown) {
        super(message);
        this.name = "KcpackError";
        this.statusCode = statusCode;
        this.error = error;
        this.retryAfter = retryAfter;
        this.body = body;
    }
}

/** What the password grant gave: tokens at once, or a second factor to send with the partial token. */
export type LoginStart =
    | { kind: "tokens"; tokens: Tokens & { accessToken: string } }
    | {
        kind: "2fa";
        partialAuthToken: string;
        methods: Method[];
        /** Asked with `{ passkeyOptions: true }` and the user has a passkey: hand `publicKey` to navigator.credentials.get, then {@link KcpackClient.verifyPasskey}. */
        passkeyOptions?: { challengeId: string; publicKey: Record<string, unknown> };
    };

export interface ClientOptions {
    /** Keycloak's base URL, e.g. `https://auth.example.com`. */
    baseUrl: string;
    realm: string;
    /** The app's client id (a client that allows the direct grant, for {@link KcpackClient.login}). */
    clientId: string;
    /** A fetch of one's own (tests, React Native); the global one by default. */
    fetch?: typeof fetch;
}

export class KcpackClient {
    private readonly api: string;
    private readonly tokenEndpoint: string;
    private readonly clientId: string;
    private readonly fetch: typeof fetch;

    constructor(options: ClientOptions) {
        const base = options.baseUrl.replace(/\/+$/, "");
        const realm = encodeURIComponent(options.realm);
        this.api = `${base}/realms/${realm}/user`;
        this.tokenEndpoint = `${base}/realms/${realm}/protocol/openid-connect/token`;
        this.clientId = options.clientId;
        this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    }

    // ------------------------------------------------------------ the two-step login

    /**
     * The first step: Keycloak's password grant. A user without a second factor gets
     * tokens; a user with one gets a partial auth token and the methods to finish with
     * ({@link verifyTotp}, {@link completeEmailOtpChallenge}, {@link verifyRecoveryCode}, {@link verifyPasskey}).
     * With `{ passkeyOptions: true }` the answer of a user with a passkey carries the options of a
     * passkey check, so the passkey finishes the login in one more request, as a code does.
     */
    async login(username: string, password: string, scope = "openid",
                 options: { passkeyOptions?: boolean } = {}): Promise<LoginStart> {
        const form: Record<string, string> = { grant_type: "password", client_id: this.clientId, username, password, scope };
        if (options.passkeyOptions) {
            form.passkey_options = "true";
        }
        const response = await this.fetch(this.tokenEndpoint, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(form),
        });
        const body = await readJson(response);
        if (response.ok) {
            const oidc = body as Record<string, unknown>;
            return {
                kind: "tokens",
                tokens: {
                    accessToken: String(oidc.access_token),
                    refreshToken: oidc.refresh_token as string | undefined,
                    idToken: oidc.id_token as string | undefined,
                    tokenType: oidc.token_type as string | undefined,
                    expiresIn: oidc.expires_in as number | undefined,
                    refreshExpiresIn: oidc.refresh_expires_in as number | undefined,
                    scope: oidc.scope as string | undefined,
                    // Only a second factor proves a sudo token; a password-only login has none.
                    sudoToken: "",
                },
            };
        }
        const failure = body as Record<string, unknown> | undefined;
        if (response.status === 401 && failure?.message === "2FA_REQUIRED") {
            return {
                kind: "2fa",
                partialAuthToken: String(failure.partialAuthToken),
                methods: (failure.methods as Method[]) ?? [],
                ...(failure.passkeyOptions ? { passkeyOptions: failure.passkeyOptions as { challengeId: string; publicKey: Record<string, unknown> } } : {}),
            };
        }
        throw toError(response, body);
    }

    // ------------------------------------------------------------ second factors

    getTwoFactorStatus(token: string): Promise<Answer<"getTwoFactorStatus">> {
        return this.call("getTwoFactorStatus", "GET", "/2fa", token);
    }

    setupTotp(token: string): Promise<Answer<"setupTotp">> {
        return this.call("setupTotp", "POST", "/2fa/totp/setup", token, {});
    }

    activateTotp(token: string, totp: string, choice: SessionChoice = {}): Promise<Answer<"activateTotp">> {
        return this.call("activateTotp", "POST", "/2fa/totp/enable", token, { totp, ...choice });
    }

    /** With an access token: a sudo token. With a partial auth token: the login's tokens. */
    verifyTotp(token: string, totp: string): Promise<Answer<"verifyTotp">> {
        return this.call("verifyTotp", "POST", "/2fa/totp/authenticate", token, { totp });
    }

    nextTotpGuess(token: string): Promise<Answer<"nextTotpGuess">> {
        return this.call("nextTotpGuess", "GET", "/2fa/totp/next-guess", token);
    }

    deactivateTotp(sudoToken: string, choice: SessionChoice = {}): Promise<Answer<"deactivateTotp">> {
        return this.call("deactivateTotp", "DELETE", "/2fa/totp", sudoToken, undefined, choice);
    }

    setupEmailOtp(token: string, email: string, mail?: MailOptions): Promise<Answer<"setupEmailOtp">> {
        return this.call("setupEmailOtp", "POST", "/2fa/email-otp/setup", token, { email }, mail);
    }

    activateEmailOtp(token: string, otp: string, choice: SessionChoice = {}): Promise<Answer<"activateEmailOtp">> {
        return this.call("activateEmailOtp", "POST", "/2fa/email-otp/enable", token, { otp, ...choice });
    }

    challengeEmailOtp(token: string, mail?: MailOptions): Promise<Answer<"challengeEmailOtp">> {
        return this.call("challengeEmailOtp", "POST", "/2fa/email-otp/challenge", token, {}, mail);
    }

    completeEmailOtpChallenge(token: string, otp: string): Promise<Answer<"completeEmailOtpChallenge">> {
        return this.call("completeEmailOtpChallenge", "POST", "/2fa/email-otp/authenticate", token, { otp });
    }

    nextEmailOtpMail(token: string): Promise<Answer<"nextEmailOtpMail">> {
        return this.call("nextEmailOtpMail", "GET", "/2fa/email-otp/next-email", token);
    }

    deactivateEmailOtp(sudoToken: string, choice: SessionChoice = {}): Promise<Answer<"deactivateEmailOtp">> {
        return this.call("deactivateEmailOtp", "DELETE", "/2fa/email-otp", sudoToken, undefined, choice);
    }

    verifyRecoveryCode(token: string, recoveryCode: string): Promise<Answer<"verifyRecoveryCode">> {
        return this.call("verifyRecoveryCode", "POST", "/2fa/recovery-code/authenticate", token, { recoveryCode });
    }

    resetRecoveryCodes(sudoToken: string): Promise<Answer<"resetRecoveryCodes">> {
        return this.call("resetRecoveryCodes", "POST", "/2fa/recovery-code/reset", sudoToken, {});
    }

    nextRecoveryCodeGuess(token: string): Promise<Answer<"nextRecoveryCodeGuess">> {
        return this.call("nextRecoveryCodeGuess", "GET", "/2fa/recovery-code/next-guess", token);
    }

    // ------------------------------------------------------------ trusted browsers (the pack's own, #14)

    getTrustedDevices(token: string): Promise<Answer<"getTrustedDevices">> {
        return this.call("getTrustedDevices", "GET", "/2fa/trusted-devices", token);
    }

    removeTrustedDevice(sudoToken: string, id: string): Promise<Answer<"removeTrustedDevice">> {
        return this.call("removeTrustedDevice", "DELETE", "/2fa/trusted-devices/" + encodeURIComponent(id), sudoToken);
    }

    removeTrustedDevices(sudoToken: string): Promise<Answer<"removeTrustedDevices">> {
        return this.call("removeTrustedDevices", "DELETE", "/2fa/trusted-devices", sudoToken);
    }

    // ------------------------------------------------------------ sessions (the pack's own)

    /** The user's sessions, online and offline, as Keycloak's Account API shows them; `current` is the caller's. */
    getSessions(token: string): Promise<Answer<"getSessions">> {
        return this.call("getSessions", "GET", "/sessions", token);
    }

    /** Ends one session (possibly the caller's own): a sudo token, or a recent access token while 2FA is off. */
    deleteSession(token: string, id: string): Promise<Answer<"deleteSession">> {
        return this.call("deleteSession", "DELETE", "/sessions/" + encodeURIComponent(id), token);
    }

    /** Ends every session but the caller's, online and offline; answers how many ended. */
    deleteOtherSessions(token: string): Promise<Answer<"deleteOtherSessions">> {
        return this.call("deleteOtherSessions", "DELETE", "/sessions", token);
    }

    // ------------------------------------------------------------ passkeys (the pack's own, #20)

    /** Options for navigator.credentials.create: PublicKeyCredential.parseCreationOptionsFromJSON(answer.publicKey). */
    createPasskeyRegistrationOptions(token: string): Promise<Answer<"createPasskeyRegistrationOptions">> {
        return this.call("createPasskeyRegistrationOptions", "POST", "/2fa/passkey/register/options", token, {});
    }

    /** The new credential's toJSON(); the first factor answers the recovery codes. */
    registerPasskey(token: string, challengeId: string, credential: PasskeyCredentialJSON,
                    label?: string, choice: SessionChoice = {}): Promise<Answer<"registerPasskey">> {
        return this.call("registerPasskey", "POST", "/2fa/passkey/register", token,
            { challengeId, credential, label, ...choice });
    }

    /** Options for navigator.credentials.get, for an access token (a sudo token follows) or a partial token (a login). */
    createPasskeyAuthenticationOptions(token: string): Promise<Answer<"createPasskeyAuthenticationOptions">> {
        return this.call("createPasskeyAuthenticationOptions", "POST", "/2fa/passkey/authenticate/options", token, {});
    }

    verifyPasskey(token: string, challengeId: string, credential: PasskeyCredentialJSON): Promise<Answer<"verifyPasskey">> {
        return this.call("verifyPasskey", "POST", "/2fa/passkey/authenticate", token, { challengeId, credential });
    }

    renamePasskey(sudoToken: string, id: string, label: string): Promise<Answer<"renamePasskey">> {
        return this.call("renamePasskey", "PATCH", "/2fa/passkey/" + encodeURIComponent(id), sudoToken, { label });
    }

    deletePasskey(sudoToken: string, id: string, choice: SessionChoice = {}): Promise<Answer<"deletePasskey">> {
        return this.call("deletePasskey", "DELETE", "/2fa/passkey/" + encodeURIComponent(id), sudoToken, undefined, choice);
    }

    /**
     * Sign-in with a passkey alone (the realm's setting passkeySignIn), for this client (a public
     * one: a confidential client's secret does not belong in an app): options naming no account.
     */
    createPasskeySignInOptions(): Promise<Answer<"createPasskeySignInOptions">> {
        return this.call("createPasskeySignInOptions", "POST", "/passkey/sign-in/options", undefined,
            { clientId: this.clientId });
    }

    /** The discoverable passkey's assertion (toJSON()); the tokens of a login, as the two-step login's. */
    signInWithPasskey(challengeId: string, credential: PasskeyCredentialJSON, scope = "openid"):
        Promise<Answer<"signInWithPasskey">> {
        return this.call("signInWithPasskey", "POST", "/passkey/sign-in", undefined,
            { clientId: this.clientId, challengeId, credential, scope });
    }

    // ------------------------------------------------------------ passwords and the address

    sendPasswordResetOtp(email: string, mail?: MailOptions): Promise<Answer<"sendPasswordResetOtp">> {
        return this.call("sendPasswordResetOtp", "POST", "/password/reset/send", undefined, { email }, mail);
    }

    checkPasswordResetOtp(email: string, otp: string): Promise<Answer<"checkPasswordResetOtp">> {
        return this.call("checkPasswordResetOtp", "POST", "/password/reset/validate", undefined, { email, otp });
    }

    updatePasswordWithOtp(userEmail: string, otp: string, newPassword: string): Promise<Answer<"updatePasswordWithOtp">> {
        return this.call("updatePasswordWithOtp", "PUT", "/password/otp", undefined, { userEmail, otp, newPassword });
    }

    sendPasswordResetEmail(email: string, mail?: MailOptions): Promise<Answer<"sendPasswordResetEmail">> {
        return this.call("sendPasswordResetEmail", "POST", "/password/forgot", undefined, { email }, mail);
    }

    updatePasswordWithOldPassword(token: string, oldPassword: string, newPassword: string,
                                  choice: SessionChoice = {}): Promise<Answer<"updatePasswordWithOldPassword">> {
        return this.call("updatePasswordWithOldPassword", "PUT", "/password/old-password", token,
            { oldPassword, newPassword, ...choice });
    }

    initiateEmailTransfer(token: string, email: string, mail?: MailOptions): Promise<Answer<"initiateEmailTransfer">> {
        return this.call("initiateEmailTransfer", "POST", "/email/initiate", token, { email }, mail);
    }

    completeEmailTransfer(token: string, otp: string): Promise<Answer<"completeEmailTransfer">> {
        return this.call("completeEmailTransfer", "PUT", "/email", token, { otp });
    }

    // ------------------------------------------------------------ the one request

    /** One operation: its body and query are typed by the OpenAPI document through {@code _op}. */
    private async call<K extends keyof Ops>(_op: K, method: string, path: string, token: string | undefined,
                                            body?: JsonBody<K>, query?: Query<K> | MailOptions | SessionChoice): Promise<Answer<K>> {
        const url = new URL(this.api + path);
        for (const [name, value] of Object.entries(query ?? {})) {
            if (value !== undefined) {
                url.searchParams.set(name, String(value));
            }
        }
        const headers: Record<string, string> = { Accept: "application/json" };
        if (token) {
            headers.Authorization = `Bearer ${token}`;
        }
        if (body !== undefined) {
            headers["Content-Type"] = "application/json";
        }
        const response = await this.fetch(url, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const answer = await readJson(response);
        if (!response.ok) {
            throw toError(response, answer);
        }
        return answer as Answer<K>;
    }
}

async function readJson(response: Response): Promise<unknown> {
    const text = await response.text();
    if (!text) {
        return undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function toError(response: Response, body: unknown): KcpackError {
    const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const header = response.headers.get("Retry-After");
    const retryAfter = typeof fields.retryAfter === "number" ? fields.retryAfter
        : header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
    // The token endpoint answers in OAuth's words (error, error_description); the API in the contract's.
    const message = typeof fields.message === "string" ? fields.message
        : typeof fields.error_description === "string" ? fields.error_description
            : typeof fields.error === "string" ? fields.error : response.statusText;
    const error = typeof fields.error === "string" ? fields.error : response.statusText;
    return new KcpackError(response.status, error, message, retryAfter, body);
}
