"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { Check } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/components/shell/errors";
import { roleLabel, roleVariant } from "@/components/shell/role";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { ReadOnlyRow, SettingsSection } from "./settings-section";
import { WorkspaceTimezoneRow } from "./workspace-timezone-row";

const ROLE_TEXT: Record<string, string> = {
  OWNER: "Full access, including workspace administration.",
  ADMIN: "Full access: create, edit, publish and run automations.",
  SPECIALIST: "Read-only: you can open automations, inspect runs and browse catalogs, but not change anything.",
};

export function GeneralSettings() {
  const trpc = useTRPC();
  const me = useQuery(trpc.workspace.me.queryOptions());
  if (me.isError) return <p className="text-sm text-destructive">Could not load the workspace: {errorMessage(me.error)}</p>;
  const data = me.data;
  return (
    <div>
      <SettingsSection title="Workspace" description="Names and slugs are set when a workspace is created (npm run cli -- workspace create). Admins set the time zone new schedules get.">
        <Card data-testid="workspace-details">
          {data ? (
            <>
              <ReadOnlyRow label="Name">
                <Avatar name={data.workspace.name} square className="size-5 text-2xs" />
                <span data-testid="workspace-name">{data.workspace.name}</span>
              </ReadOnlyRow>
              <ReadOnlyRow label="Slug">
                <span className="font-mono text-xs" data-testid="workspace-slug">
                  {data.workspace.slug}
                </span>
                <CopyButton value={data.workspace.slug} label="Copy slug" />
              </ReadOnlyRow>
              <WorkspaceTimezoneRow timezone={data.workspace.timezone} canEdit={data.role === "OWNER" || data.role === "ADMIN"} />
              <ReadOnlyRow label="Workspace ID">
                <span className="truncate font-mono text-xs text-muted-foreground">{data.workspace.id}</span>
                <CopyButton value={data.workspace.id} label="Copy workspace id" />
              </ReadOnlyRow>
            </>
          ) : (
            <div className="space-y-3 p-4">
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-4 w-2/3" />
              <Skeleton className="h-4 w-3/4" />
            </div>
          )}
        </Card>
      </SettingsSection>

      <SettingsSection title="Your role" description="Roles decide what you can change. The server enforces them on every request.">
        {data ? (
          <Card className="flex items-start gap-3 px-4 py-3.5">
            <Badge variant={roleVariant(data.role)} data-testid="settings-role">
              {roleLabel(data.role)}
            </Badge>
            <p className="text-sm text-muted-foreground">{ROLE_TEXT[data.role]}</p>
          </Card>
        ) : (
          <Skeleton className="h-14 rounded-xl" />
        )}
      </SettingsSection>

      <SettingsSection title="Your workspaces" description="Switch between them from the workspace menu at the top of the sidebar.">
        <Card>
          {data?.memberships.map((m) => (
            <ReadOnlyRow key={m.workspaceId} label={m.name}>
              <span className="font-mono text-xs text-muted-foreground">{m.slug}</span>
              <Badge variant={roleVariant(m.role)}>{roleLabel(m.role)}</Badge>
              {m.workspaceId === data.workspace.id ? <Check className="size-4 text-success" aria-label="Current workspace" /> : <span className="size-4" />}
            </ReadOnlyRow>
          )) ?? <Skeleton className="m-4 h-4 w-1/2" />}
        </Card>
      </SettingsSection>

      <SettingsSection title="Appearance" description="Stored in this browser.">
        <ThemeToggle className="max-w-sm" />
      </SettingsSection>
    </div>
  );
}
