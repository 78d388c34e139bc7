import { cookies } from "next/headers";
import { SessionProvider } from "next-auth/react";
import { requireRequestSession } from "@/server/auth/require-session";
import { AppShell } from "@/components/shell/app-shell";
import { ShellProvider } from "@/components/shell/shell-context";
import { SIDEBAR_COOKIE } from "@/components/shell/nav";
import { HydrateClient, getQueryClient, trpc } from "@/server/trpc/server";

/**
 * Signed-in area: every page below needs a current membership, re-checked in the database on each
 * request (a removed member's JWT is still valid; they go to /login). Role and workspace come from the DB.
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { session, user } = await requireRequestSession();
  const collapsed = (await cookies()).get(SIDEBAR_COOKIE)?.value === "1";
  // The workspace switcher (every page) and Settings read `workspace.me`. Fetched here, the HTML
  // and the first client render agree on it: left to the browser, the shell's request could come
  // back before React hydrated a page's Suspense boundary, which then hydrated with data against
  // skeleton HTML (React error #418, and a client re-render that swallowed early clicks).
  await getQueryClient().prefetchQuery(trpc.workspace.me.queryOptions());
  const viewer = {
    userId: user.userId,
    name: user.name || user.email,
    email: user.email,
    role: user.role,
    workspaceId: user.workspaceId,
  };
  return (
    <SessionProvider session={session}>
      <HydrateClient>
        {/* key: switching workspace remounts the shell with fresh state */}
        <ShellProvider key={viewer.workspaceId} viewer={viewer} initialCollapsed={collapsed}>
          <AppShell>{children}</AppShell>
        </ShellProvider>
      </HydrateClient>
    </SessionProvider>
  );
}
