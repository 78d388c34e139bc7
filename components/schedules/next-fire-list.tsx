"use client";

import { formatInZone } from "@/lib/schedules/cron";

/** The next fire times in the schedule's zone (and in the viewer's zone when it differs). */
/** `stacked`: the viewer's time under each line (narrow panels). */
export function NextFireList({ times, timezone, testId = "next-fire-times", stacked = false }: { times: Date[]; timezone: string; testId?: string; stacked?: boolean }) {
  const local = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : timezone;
  if (times.length === 0) return <p className="text-xs text-muted-foreground">No fire times left (end date or max runs reached).</p>;
  return (
    <ol className="grid gap-1" data-testid={testId}>
      {times.map((t) => (
        <li key={t.toISOString()} className={stacked ? "grid text-xs tabular-nums" : "flex flex-wrap items-baseline justify-between gap-x-3 text-xs tabular-nums"}>
          <time dateTime={t.toISOString()} className="font-medium text-foreground">
            {formatInZone(t, timezone)}
          </time>
          {local !== timezone ? <span className="text-muted-foreground">{stacked ? `your time: ${formatInZone(t, local)}` : formatInZone(t, local)}</span> : null}
        </li>
      ))}
    </ol>
  );
}
