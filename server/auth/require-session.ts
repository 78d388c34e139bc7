import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { SessionUser } from "@/server/trpc/init";
import { getRequestContext } from "@/server/trpc/server";

/**
 * For server components and layouts: the re-checked session user (membership
 * still exists, role from the DB), or null. Shares the per-request context with
 * the tRPC server helpers, so the DB is asked once per request.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  return (await getRequestContext()).session;
}

/** Redirects to /login (back to the current page afterwards) when signed out. */
export async function requireSessionUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    const h = await headers();
    const path = h.get("x-switchyard-path");
    redirect(path ? `/login?callbackUrl=${encodeURIComponent(path)}` : "/login");
  }
  return user;
}
