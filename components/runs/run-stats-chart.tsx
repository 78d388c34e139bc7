"use client";

import * as React from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Table2, BarChart3 } from "lucide-react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";

type Stats = RouterOutputs["runs"]["stats"];
type Day = Stats["perDay"][number];

/**
 * Runs per day, stacked by outcome (recharts). Colours are the theme's status
 * tokens (light and dark), each series is named in the legend and tooltip,
 * and the same numbers are available as a table (toggle) and as a text
 * summary for screen readers: colour never carries meaning alone.
 */
export const STATUS_SERIES = [
  { key: "completed", label: "Completed", color: "var(--success)" },
  { key: "failed", label: "Failed", color: "var(--destructive)" },
  { key: "inProgress", label: "In progress", color: "var(--info)" },
  { key: "skipped", label: "Skipped", color: "var(--warning)" },
  { key: "cancelled", label: "Cancelled", color: "var(--muted-foreground)" },
] as const;
type SeriesKey = (typeof STATUS_SERIES)[number]["key"];

export function groupDay(d: Day): Record<SeriesKey, number> {
  const s = d.byStatus;
  return {
    completed: s.COMPLETED,
    failed: s.FAILED,
    inProgress: s.QUEUED + s.RUNNING + s.PAUSED + s.WAITING_FOR_CHILD,
    skipped: s.SKIPPED,
    cancelled: s.CANCELLED,
  };
}

const dayLabel = (date: string, long = false) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, long ? { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" } : { month: "short", day: "numeric", timeZone: "UTC" });

function ChartTooltip({ active, payload, label }: { active?: boolean; payload?: ReadonlyArray<{ dataKey?: unknown; value?: unknown; color?: string; name?: unknown }>; label?: unknown }) {
  if (!active || !payload?.length) return null;
  const total = payload.reduce((n, p) => n + Number(p.value ?? 0), 0);
  return (
    <div className="rounded-lg border border-border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      <p className="mb-1 font-medium">
        {dayLabel(String(label), true)} · {total} run{total === 1 ? "" : "s"}
      </p>
      <ul className="space-y-0.5">
        {[...payload].reverse().map((p) => (
          <li key={String(p.dataKey)} className="flex items-center gap-2">
            <span className="size-2 rounded-[2px]" style={{ background: p.color }} aria-hidden />
            <span className="text-muted-foreground">{String(p.name)}</span>
            <span className="ml-auto font-medium tabular-nums">{String(p.value)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function summarizeDays(perDay: Day[]): string {
  const total = perDay.reduce((n, d) => n + d.total, 0);
  if (total === 0) return `No runs in the last ${perDay.length} days.`;
  const busiest = perDay.reduce((a, b) => (b.total > a.total ? b : a));
  const failed = perDay.reduce((n, d) => n + d.byStatus.FAILED, 0);
  const failedDays = perDay.filter((d) => d.byStatus.FAILED > 0).length;
  return `${total} runs over ${perDay.length} days; busiest day ${dayLabel(busiest.date, true)} with ${busiest.total}. ${failed} failed run${failed === 1 ? "" : "s"} on ${failedDays} day${failedDays === 1 ? "" : "s"}.`;
}

export function RunStatsChart({ perDay, timezone }: { perDay: Day[]; timezone: string }) {
  const [asTable, setAsTable] = React.useState(false);
  const data = perDay.map((d) => ({ date: d.date, ...groupDay(d) }));
  const summary = summarizeDays(perDay);
  const tableId = React.useId();
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground" data-testid="run-stats-summary">
          {summary} <span className="text-xs">Days in {timezone.replace(/_/g, " ")}.</span>
        </p>
        <Button variant="ghost" size="sm" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable} aria-controls={tableId} data-testid="run-stats-table-toggle">
          {asTable ? <BarChart3 aria-hidden /> : <Table2 aria-hidden />}
          {asTable ? "Show chart" : "Show as table"}
        </Button>
      </div>
      <div id={tableId}>
        {asTable ? (
          <TableContainer className="max-h-80 overflow-auto">
            <Table data-testid="run-stats-table">
              <caption className="sr-only">Runs per day by status</caption>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Day</TableHead>
                  {STATUS_SERIES.map((s) => (
                    <TableHead key={s.key} scope="col" className="text-right">
                      {s.label}
                    </TableHead>
                  ))}
                  <TableHead scope="col" className="text-right">
                    Total
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.map((d, i) => (
                  <TableRow key={d.date}>
                    <TableCell>{dayLabel(d.date, true)}</TableCell>
                    {STATUS_SERIES.map((s) => (
                      <TableCell key={s.key} className="text-right tabular-nums">
                        {d[s.key]}
                      </TableCell>
                    ))}
                    <TableCell className="text-right font-medium tabular-nums">{perDay[i].total}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        ) : (
          <figure className="h-72 w-full" data-testid="run-stats-chart">
            <figcaption className="sr-only">Runs per day, stacked by status: {summary} Use “Show as table” for the numbers of each day.</figcaption>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} barCategoryGap="18%">
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis
                  dataKey="date"
                  tickFormatter={(v: string) => dayLabel(v)}
                  tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
                  tickLine={false}
                  axisLine={{ stroke: "var(--border)" }}
                  minTickGap={16}
                />
                <YAxis allowDecimals={false} tick={{ fill: "var(--muted-foreground)", fontSize: 12 }} tickLine={false} axisLine={false} width={48} />
                <Tooltip content={<ChartTooltip />} cursor={{ fill: "var(--accent)", opacity: 0.6 }} />
                <Legend
                  itemSorter={null}
                  iconType="square"
                  iconSize={10}
                  formatter={(value: string) => <span className="text-xs text-foreground">{value}</span>}
                  wrapperStyle={{ paddingTop: 8 }}
                />
                {STATUS_SERIES.map((s, i) => (
                  <Bar key={s.key} dataKey={s.key} name={s.label} stackId="runs" fill={s.color} radius={i === STATUS_SERIES.length - 1 ? [3, 3, 0, 0] : 0} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
        )}
      </div>
    </div>
  );
}
