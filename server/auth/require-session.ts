import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { dbReady } from "@/server/db";
import { readAuthSession } from "./read-session";
import { claimsOf, resolveSessionUser, type SessionUser } from "./session";

export interface RequestSession {
  /** The next-auth session (for the client's SessionProvider). */
  session: Session;
  /** Who acts, re-checked in the database: the membership still exists and the role is the DB's, not the JWT's. */
  user: SessionUser;
}

/**
 * For server components (layouts, pages) and the RSC tRPC helpers: this request's session, or null when
 * signed out or no longer a member. A valid JWT alone is not enough, since it outlives a removed membership.
 * Cached per request, so the layout, the page and its prefetches ask the database once.
 */
export const getRequestSession = cache(async (): Promise<RequestSession | null> => {
  const session = await readAuthSession(new Headers(await headers()));
  const user = await resolveSessionUser(await dbReady(), claimsOf(session));
  return session && user ? { session, user } : null;
});

/** Redirects to /login (and back to the current page afterwards) without a current membership. */
export async function requireRequestSession(): Promise<RequestSession> {
  const current = await getRequestSession();
  if (!current) {
    // proxy.ts passes the requested path on; layouts cannot see the URL otherwise.
    const path = (await headers()).get("x-switchyard-path");
    redirect(path ? `/login?callbackUrl=${encodeURIComponent(path)}` : "/login");
  }
  return current;
}
