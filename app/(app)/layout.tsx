import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SessionProvider } from "next-auth/react";
import { auth } from "@/server/auth";
import { AppShell } from "@/components/shell/app-shell";
import { ShellProvider } from "@/components/shell/shell-context";
import { SIDEBAR_COOKIE } from "@/components/shell/nav";

/** Signed-in area: every page below needs a session with a current workspace. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  const user = session?.user;
  if (!session || !user?.id || !user.workspaceId || !user.role) redirect("/login");
  const collapsed = (await cookies()).get(SIDEBAR_COOKIE)?.value === "1";
  const viewer = {
    userId: user.id,
    name: user.name ?? user.email ?? "You",
    email: user.email ?? "",
    role: user.role,
    workspaceId: user.workspaceId,
  };
  return (
    <SessionProvider session={session}>
      {/* key: switching workspace remounts the shell with fresh state */}
      <ShellProvider key={viewer.workspaceId} viewer={viewer} initialCollapsed={collapsed}>
        <AppShell>{children}</AppShell>
      </ShellProvider>
    </SessionProvider>
  );
}
