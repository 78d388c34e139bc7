"use client";

import { useEffect, useMemo, useState } from "react";
import { AlertTriangle, CalendarClock } from "lucide-react";
import { describeCron, nextFireTimes } from "@/lib/schedules/cron";
import { specFromConfig, type ScheduleConfigLike } from "@/lib/schedules/spec";
import { NextFireList } from "@/components/schedules/next-fire-list";
import { useWorkspaceTimezone } from "@/components/schedules/use-workspace-timezone";

/**
 * Live preview under the schedule trigger's form: the cron it stands for, the
 * human description and the next 5 fire times in the chosen time zone,
 * recomputed on every edit (same helpers as the server's ticker).
 */
export function SchedulePreview({ config }: { config: Record<string, unknown> }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);
  const workspaceZone = useWorkspaceTimezone();
  const result = useMemo(() => specFromConfig(config as unknown as ScheduleConfigLike, workspaceZone), [config, workspaceZone]);
  const times = useMemo(
    () => (result.ok ? nextFireTimes(result.spec.cron, result.spec.timezone, 5, now, { endAt: result.spec.endAt, remaining: result.spec.maxRuns }) : []),
    [result, now],
  );

  return (
    <section aria-label="Schedule preview" aria-live="polite" className="mt-5 grid gap-2.5 rounded-lg border border-border bg-muted/40 p-3" data-testid="schedule-preview">
      {result.ok ? (
        <>
          <div className="flex items-start gap-2">
            <CalendarClock className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
            <div className="min-w-0">
              <p className="text-sm font-medium" data-testid="schedule-description">
                {describeCron(result.spec.cron) ?? result.spec.cron}
              </p>
              <p className="text-xs text-muted-foreground">
                <code className="rounded bg-background px-1 py-0.5 font-mono" data-testid="schedule-cron">
                  {result.spec.cron}
                </code>{" "}
                · {result.spec.timezone}
                {result.spec.maxRuns ? ` · at most ${result.spec.maxRuns} runs` : ""}
              </p>
            </div>
          </div>
          <div>
            <p className="mb-1 text-xs font-medium text-muted-foreground">Next 5 fire times</p>
            <NextFireList times={times} timezone={result.spec.timezone} stacked />
          </div>
          <p className="text-xs text-muted-foreground">
            Applies once published while the automation is active. Times missed while the server is down{" "}
            {result.spec.missedPolicy === "once" ? "fire once on recovery, never as a burst" : "are skipped"}.
          </p>
        </>
      ) : (
        <ul className="grid gap-1" data-testid="schedule-errors">
          {result.issues.map((i) => (
            <li key={i.field + i.message} className="flex gap-1.5 text-xs text-destructive">
              <AlertTriangle className="mt-0.5 size-3 shrink-0" aria-hidden />
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
