import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Db } from "@/server/db";
import { logger as rootLogger } from "@/server/log";
import { authorizeCredentials, jwtCallback, sessionCallback } from "./callbacks";
import { clientAddress } from "./sign-in-throttle";

export interface AuthConfigDeps {
  /** Resolves the database client (lazy: nothing connects at import time). */
  getDb: () => Promise<Db>;
  secret: string;
}

/** 30 days, refreshed on use (Auth.js rolls the JWT cookie). */
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** next-auth v5 configuration: email + password, JWT sessions, our /login page. */
export function buildAuthConfig(deps: AuthConfigDeps): NextAuthConfig {
  return {
    trustHost: true,
    secret: deps.secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      Credentials({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: async (credentials, request) => authorizeCredentials(await deps.getDb(), credentials, clientAddress(request?.headers)),
      }),
    ],
    callbacks: {
      jwt: async (params) => jwtCallback(await deps.getDb(), params),
      session: (params) => sessionCallback(params),
    },
    logger: {
      // A failed sign-in is an expected outcome, not a server error: keep logs clean.
      error(error) {
        if (error.name === "CredentialsSignin" || error.name === "SignInRateLimitedError" || (error as { type?: string }).type === "CredentialsSignin") return;
        // Name and message only: an Auth.js error's cause may carry the request.
        rootLogger().error({ error: error.message }, `auth: ${error.name}`);
      },
      warn(code) {
        rootLogger().warn({ code }, "auth warning");
      },
      debug() {},
    },
  };
}
