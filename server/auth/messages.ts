/** Sign-in error codes (CredentialsSignin.code) and the messages shown for them. */
export const SIGN_IN_ERROR_CODES = {
  invalidCredentials: "invalid_credentials",
  noWorkspace: "no_workspace",
} as const;
export type SignInErrorCode = (typeof SIGN_IN_ERROR_CODES)[keyof typeof SIGN_IN_ERROR_CODES];

/** Throttled sign-in: the code carries the wait ("rate_limited_30") so the login page can say how long. */
export function rateLimitedCode(retryAfterSec: number): string {
  return `rate_limited_${Math.max(1, Math.ceil(retryAfterSec))}`;
}
export function parseRateLimitedCode(code: string | null | undefined): number | null {
  const m = /^rate_limited_(\d{1,6})$/.exec(code ?? "");
  return m ? Number(m[1]) : null;
}
function waitText(sec: number): string {
  return sec < 90 ? `${sec} second${sec === 1 ? "" : "s"}` : `${Math.ceil(sec / 60)} minutes`;
}

/** Same text for a wrong password and an unknown email: no hint which one it was. */
export const INVALID_CREDENTIALS_MESSAGE = "Email or password is incorrect";
export const NO_WORKSPACE_MESSAGE =
  "Your account is not a member of any workspace yet. Ask a workspace owner or admin to add you.";

export function signInErrorMessage(code: string | null | undefined): string {
  const wait = parseRateLimitedCode(code);
  if (wait !== null) return `Too many failed sign-in attempts. Try again in ${waitText(wait)}.`;
  return code === SIGN_IN_ERROR_CODES.noWorkspace ? NO_WORKSPACE_MESSAGE : INVALID_CREDENTIALS_MESSAGE;
}
