"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/client";
import { errorMessage } from "@/components/shell/errors";
import { TimezoneCombobox, utcOffset } from "@/components/schedules/timezone-combobox";

/** Settings → General: the workspace's time zone (new schedules and "workspace default" triggers); admins change it, others read it. */
export function WorkspaceTimezoneRow({ timezone, canEdit }: { timezone: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.workspace.setTimezone.mutationOptions({
      onSuccess: async (r) => {
        toast.success(`Workspace time zone set to ${r.timezone}`);
        await queryClient.invalidateQueries({ queryKey: trpc.workspace.me.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.schedules.list.queryKey() });
      },
      onError: (err) => toast.error(`Could not change the time zone: ${errorMessage(err)}`),
    }),
  );
  return (
    <div className="flex min-h-11 items-center justify-between gap-4 border-b border-border px-4 py-2.5 last:border-0" data-testid="workspace-timezone">
      <label htmlFor="workspace-timezone" className="text-sm text-muted-foreground">
        Time zone
        <span className="block text-xs">New schedules use it</span>
      </label>
      {canEdit ? (
        <div className="w-72 max-w-full">
          <TimezoneCombobox id="workspace-timezone" value={timezone} defaultZone={timezone} disabled={save.isPending} onChange={(z) => z !== timezone && save.mutate({ timezone: z })} />
        </div>
      ) : (
        <span className="text-sm font-medium" id="workspace-timezone">
          {timezone.replace(/_/g, " ")} <span className="text-xs text-muted-foreground tabular-nums">{utcOffset(timezone)}</span>
        </span>
      )}
    </div>
  );
}
