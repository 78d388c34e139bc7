"use client";

import * as React from "react";
import { useSession } from "next-auth/react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Check, ChevronsUpDown } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Avatar } from "@/components/ui/avatar";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { cn } from "@/components/ui/utils";
import { errorMessage } from "./errors";
import { roleLabel } from "./role";

export function WorkspaceSwitcher({ collapsed }: { collapsed: boolean }) {
  const trpc = useTRPC();
  const { update } = useSession();
  const me = useQuery(trpc.workspace.me.queryOptions());
  const [switching, setSwitching] = React.useState<string | null>(null);
  const switchMutation = useMutation(trpc.workspace.switch.mutationOptions());

  async function switchTo(workspaceId: string) {
    if (workspaceId === me.data?.workspace.id) return;
    setSwitching(workspaceId);
    try {
      const target = await switchMutation.mutateAsync({ workspaceId });
      const session = await update({ workspaceId });
      if (session?.user?.workspaceId !== workspaceId) throw new Error("The session could not be switched. Sign out and in again.");
      // A full page load: no query cache, hydration state or open view of the previous workspace survives.
      toast.success(`Switching to ${target.name}…`);
      window.location.assign("/automations");
    } catch (error) {
      toast.error(errorMessage(error));
      setSwitching(null);
    }
  }

  const data = me.data;
  const ws = data?.workspace;
  if (!data || !ws) {
    return (
      <div className={cn("flex h-9 flex-1 items-center gap-2 px-1.5", collapsed && "justify-center")}>
        <Skeleton className="size-6 rounded-md" />
        {collapsed ? null : <Skeleton className="h-3.5 w-24" />}
      </div>
    );
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="workspace-switcher"
        aria-label={`Workspace: ${ws.name}. Switch workspace`}
        className={cn(
          "flex h-9 min-w-0 flex-1 items-center gap-2 rounded-md px-1.5 text-left outline-none transition-colors hover:bg-sidebar-accent focus-visible:outline-2 focus-visible:outline-ring data-[state=open]:bg-sidebar-accent",
          collapsed && "w-9 flex-none justify-center px-0",
        )}
      >
        <Avatar name={ws.name} square className="size-6 text-2xs" />
        {collapsed ? null : (
          <>
            <span className="min-w-0 flex-1 truncate text-sm font-semibold text-sidebar-accent-foreground">{ws.name}</span>
            <ChevronsUpDown className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
          </>
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
        {data.memberships.map((m) => (
          <DropdownMenuItem
            key={m.workspaceId}
            onSelect={(e) => {
              e.preventDefault();
              void switchTo(m.workspaceId);
            }}
            disabled={switching !== null}
            data-testid="workspace-option"
            className="h-auto py-1.5"
          >
            <Avatar name={m.name} square className="size-6 text-2xs" />
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm text-foreground">{m.name}</span>
              <span className="block truncate text-xs text-muted-foreground">
                {m.slug} · {roleLabel(m.role)}
              </span>
            </span>
            {switching === m.workspaceId ? <Spinner /> : m.workspaceId === ws.id ? <Check className="text-foreground!" /> : null}
          </DropdownMenuItem>
        ))}
        {data.memberships.length === 1 ? (
          <>
            <DropdownMenuSeparator />
            <p className="px-2 py-1.5 text-xs text-muted-foreground">You belong to one workspace. An owner or admin can add you to others.</p>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
