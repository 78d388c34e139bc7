"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/server/auth";
import { signInErrorMessage } from "@/server/auth/messages";

export interface LoginState {
  error: string | null;
  email: string;
}

/** Only same-origin paths (no "//host", no scheme) are allowed as post-login targets. */
function safeRedirect(target: FormDataEntryValue | null): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return "/automations";
  }
  return target === "/" || target.startsWith("/login") ? "/automations" : target;
}

export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  if (!email || !password) {
    return { email, error: !email ? "Enter your email address" : "Enter your password" };
  }
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn("credentials", { email, password, redirectTo: safeRedirect(formData.get("callbackUrl")) });
    return { email, error: null };
  } catch (error) {
    if (error instanceof CredentialsSignin) return { email, error: signInErrorMessage(error.code) };
    if (error instanceof AuthError) return { email, error: "Sign-in failed: the server could not verify your credentials. Try again." };
    throw error;
  }
}
