/** Sign-in error codes (CredentialsSignin.code) and the messages shown for them. */
export const SIGN_IN_ERROR_CODES = {
  invalidCredentials: "invalid_credentials",
  noWorkspace: "no_workspace",
} as const;
export type SignInErrorCode = (typeof SIGN_IN_ERROR_CODES)[keyof typeof SIGN_IN_ERROR_CODES];

/** Same text for a wrong password and an unknown email: no hint which one it was. */
export const INVALID_CREDENTIALS_MESSAGE = "Email or password is incorrect";
export const NO_WORKSPACE_MESSAGE =
  "Your account is not a member of any workspace yet. Ask a workspace owner or admin to add you.";

export function signInErrorMessage(code: string | null | undefined): string {
  return code === SIGN_IN_ERROR_CODES.noWorkspace ? NO_WORKSPACE_MESSAGE : INVALID_CREDENTIALS_MESSAGE;
}
