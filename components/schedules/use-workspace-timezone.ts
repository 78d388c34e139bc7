"use client";

import { useQuery } from "@tanstack/react-query";
import { DEFAULT_TIMEZONE } from "@/lib/schedules/cron";
import { useTRPC } from "@/lib/trpc/client";

/**
 * The workspace's time zone (Settings → General), from the `workspace.me` query
 * the shell already loads: what an empty schedule zone means ("Workspace default").
 */
export function useWorkspaceTimezone(): string {
  const trpc = useTRPC();
  const me = useQuery(trpc.workspace.me.queryOptions());
  return me.data?.workspace.timezone ?? DEFAULT_TIMEZONE;
}
