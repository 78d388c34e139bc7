"use client";

import Link from "next/link";
import { format } from "date-fns";
import { ArrowDownRight, ArrowUpLeft, Bot, KeyRound, Link2, User, Workflow, Cog } from "lucide-react";
import type { RouterOutputs } from "@/lib/trpc/types";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatAbsolute, formatDuration, RelativeTime } from "@/components/ui/relative-time";

type RunHeader = RouterOutputs["runs"]["get"];
type RunEvent = RunHeader["events"]["items"][number];
type RelatedRun = RunHeader["children"][number];

function Who({ who }: { who: RunEvent["who"] }) {
  switch (who.kind) {
    case "user":
      return (
        <span className="inline-flex min-w-0 items-center gap-1" title={who.email ?? undefined}>
          <User className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
          <span className="truncate">{who.name ? `${who.name}${who.email ? ` (${who.email})` : ""}` : "A former member"}</span>
        </span>
      );
    case "engine":
      return (
        <span className="inline-flex items-center gap-1">
          <Bot className="size-3.5 text-muted-foreground" aria-hidden />
          Engine
        </span>
      );
    case "token":
      return (
        <span className="inline-flex items-center gap-1">
          <Link2 className="size-3.5 text-muted-foreground" aria-hidden />
          Approval link
        </span>
      );
    case "apiKey":
      return (
        <span className="inline-flex items-center gap-1">
          <KeyRound className="size-3.5 text-muted-foreground" aria-hidden />
          API key
        </span>
      );
    case "run":
      return (
        <Link href={`/runs/${who.runId}`} className="inline-flex items-center gap-1 underline-offset-4 hover:underline">
          <Workflow className="size-3.5 text-muted-foreground" aria-hidden />
          Run <span className="font-mono text-xs">{who.runId.slice(-8)}</span>
        </Link>
      );
    case "system":
      return (
        <span className="inline-flex items-center gap-1">
          <Cog className="size-3.5 text-muted-foreground" aria-hidden />
          System
        </span>
      );
    default:
      return <span className="font-mono text-xs">{who.raw}</span>;
  }
}

/** The run's status transitions (RunEvent): when, from → to, who, why. */
export function RunEventHistory({ events }: { events: RunHeader["events"] }) {
  return (
    <section aria-labelledby="run-history-title" className="rounded-xl border border-border bg-card" data-testid="run-history">
      <h2 id="run-history-title" className="border-b border-border px-4 py-2.5 text-sm font-semibold">
        History <span className="font-normal text-muted-foreground tabular">{events.items.length + events.omitted}</span>
      </h2>
      {events.items.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted-foreground">No status change recorded yet.</p>
      ) : (
        <ol className="max-h-96 divide-y divide-border overflow-auto">
          {events.items.map((e) => (
            <li key={e.id} className="grid grid-cols-[5.5rem_minmax(0,1fr)] gap-3 px-4 py-2 text-sm" data-testid="run-event">
              <time dateTime={new Date(e.at).toISOString()} title={formatAbsolute(e.at)} className="pt-0.5 text-xs text-muted-foreground tabular">
                {format(new Date(e.at), "HH:mm:ss.SSS")}
              </time>
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-1.5">
                  {e.fromStatus && e.fromStatus !== e.toStatus ? (
                    <>
                      <StatusBadge kind="run" status={e.fromStatus} />
                      <span aria-label="to" className="text-muted-foreground">
                        →
                      </span>
                    </>
                  ) : null}
                  <StatusBadge kind="run" status={e.toStatus} />
                  <span className="text-muted-foreground">by</span>
                  <Who who={e.who} />
                </div>
                {e.reason ? <p className="mt-0.5 text-xs break-words text-muted-foreground">{e.reason}</p> : null}
              </div>
            </li>
          ))}
          {events.omitted > 0 ? (
            <li className="px-4 py-2 text-xs text-muted-foreground">{events.omitted} later transitions are not listed (the first 200 are shown).</li>
          ) : null}
        </ol>
      )}
    </section>
  );
}

function RelatedRow({ run, relation }: { run: RelatedRun; relation: "parent" | "child" }) {
  const Icon = relation === "parent" ? ArrowUpLeft : ArrowDownRight;
  return (
    <li>
      <Link
        href={`/runs/${run.id}`}
        className="flex items-center gap-3 px-4 py-2 text-sm outline-none hover:bg-accent/50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
        data-testid={`related-${relation}`}
      >
        <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium">{run.automationName}</span>
          <span className="block text-xs text-muted-foreground">
            {relation === "parent" ? "Parent run" : "Child run"} · <span className="font-mono">{run.id.slice(-8)}</span> · <RelativeTime value={run.createdAt} />
            {run.durationMs !== null ? ` · ${formatDuration(run.durationMs)}` : ""}
          </span>
        </span>
        <StatusBadge kind="run" status={run.status} />
      </Link>
    </li>
  );
}

/** Parent run (this run was started by a run_workflow step) and child runs it started. */
export function RelatedRuns({ run }: { run: RunHeader }) {
  const none = !run.parent && run.children.length === 0;
  return (
    <section aria-labelledby="run-related-title" className="rounded-xl border border-border bg-card" data-testid="run-related">
      <h2 id="run-related-title" className="border-b border-border px-4 py-2.5 text-sm font-semibold">
        Related runs
      </h2>
      {none ? (
        <p className="px-4 py-3 text-sm text-muted-foreground">No parent or child runs: this run did not start other workflows.</p>
      ) : (
        <ul className="divide-y divide-border">
          {run.parent ? <RelatedRow run={run.parent} relation="parent" /> : null}
          {run.children.map((c) => (
            <RelatedRow key={c.id} run={c} relation="child" />
          ))}
          {run.childrenOmitted > 0 ? (
            <li className="px-4 py-2 text-xs text-muted-foreground">and {run.childrenOmitted} more child runs (the first 50 are listed).</li>
          ) : null}
        </ul>
      )}
    </section>
  );
}
