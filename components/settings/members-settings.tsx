"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { Terminal } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { RelativeTime } from "@/components/ui/relative-time";
import { roleLabel, roleVariant } from "@/components/shell/role";
import { SettingsSection } from "./settings-section";

/** Members of the current workspace with their roles, and how operators add people. */
export function MembersSettings() {
  const trpc = useTRPC();
  const me = useQuery(trpc.workspace.me.queryOptions());
  const members = useQuery(trpc.workspace.members.queryOptions());
  const data = me.data;
  return (
    <div>
      <SettingsSection title="Members" description="People who can sign in to this workspace, and their roles.">
        <Card data-testid="members-list" className="divide-y divide-border">
          {members.data ? (
            members.data.map((m) => (
              <div key={m.userId} className="flex items-center gap-3 px-4 py-3" data-testid="member-row">
                <Avatar name={m.name} className="size-8 text-xs" />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium">
                    {m.name}
                    {m.userId === data?.user.id ? <span className="font-normal text-muted-foreground"> (you)</span> : null}
                  </p>
                  <p className="truncate text-xs text-muted-foreground">{m.email}</p>
                </div>
                <span className="hidden text-xs text-muted-foreground sm:inline">
                  joined <RelativeTime value={m.joinedAt} />
                </span>
                <Badge variant={roleVariant(m.role)}>{roleLabel(m.role)}</Badge>
              </div>
            ))
          ) : (
            [0, 1].map((i) => (
              <div key={i} className="flex items-center gap-3 px-4 py-3">
                <Skeleton className="size-8 rounded-full" />
                <div className="flex-1 space-y-1.5">
                  <Skeleton className="h-3.5 w-32" />
                  <Skeleton className="h-3 w-44" />
                </div>
              </div>
            ))
          )}
        </Card>
        <div className="mt-4 rounded-xl border border-dashed border-border p-4">
          <p className="flex items-center gap-2 text-sm font-medium">
            <Terminal className="size-4 text-muted-foreground" aria-hidden />
            Adding members
          </p>
          <p className="mt-1 text-sm text-muted-foreground">
            Inviting people from the browser comes in a later release. Operators add members with the admin CLI:
          </p>
          <pre className="mt-2 overflow-x-auto rounded-md bg-muted px-3 py-2 font-mono text-xs">
            npm run cli -- user create --workspace {data?.workspace.slug ?? "<slug>"} --email person@example.com --role SPECIALIST --password &apos;…&apos;
          </pre>
        </div>
      </SettingsSection>
    </div>
  );
}
