import "server-only";
import NextAuth from "next-auth";
import { dbReady } from "@/server/db";
import { env } from "@/server/env";
import { buildAuthConfig } from "./config";

/**
 * The app's next-auth instance. Configuration is built lazily on first use, so
 * importing this module (e.g. during `next build`) reads no env and opens no DB.
 */
let config: ReturnType<typeof buildAuthConfig> | undefined;

export const { auth, signIn, signOut, handlers, unstable_update } = NextAuth(() => {
  config ??= buildAuthConfig({ getDb: dbReady, secret: env().APP_SECRET });
  return config;
});
