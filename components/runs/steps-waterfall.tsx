"use client";

import * as React from "react";
import { RotateCcw } from "lucide-react";
import { StatusIcon, statusStyle } from "@/components/ui/status-badge";
import { formatDuration } from "@/components/ui/relative-time";
import { cn } from "@/components/ui/utils";
import type { ActionResult } from "./steps-timeline";

const ROW_H = 34;
const OVERSCAN = 12;
const BAR_COLORS: Record<string, string> = {
  SUCCEEDED: "bg-success/75",
  FAILED: "bg-destructive/85",
  RUNNING: "bg-info/75",
  SKIPPED: "bg-muted-foreground/35",
  WAITING: "bg-warning/30",
};
/** Waiting (delay, approval, webhook) is hatched: distinguishable from running without colour. */
const WAITING_STYLE: React.CSSProperties = {
  backgroundImage: "repeating-linear-gradient(135deg, var(--warning) 0 3px, transparent 3px 7px)",
};

const STATUS_WORD: Record<string, string> = {
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  RUNNING: "running",
  SKIPPED: "skipped",
  WAITING: "waiting",
};

function endOf(s: ActionResult, now: number): number {
  if (s.finishedAt) return new Date(s.finishedAt).getTime();
  if (s.durationMs !== null) return new Date(s.startedAt).getTime() + s.durationMs;
  return s.status === "RUNNING" || s.status === "WAITING" ? now : new Date(s.startedAt).getTime();
}

/** "Send email, attempt 2, failed after 1.2s" (the row's accessible name). */
export function stepLabel(s: ActionResult, now = Date.now()): string {
  const parts = [s.name];
  if (s.iteration) parts.push(`iteration ${s.iteration}`);
  parts.push(`attempt ${s.attempt}`);
  const took = formatDuration(Math.max(0, endOf(s, now) - new Date(s.startedAt).getTime()));
  if (s.status === "RUNNING") parts.push(`running for ${took}`);
  else if (s.status === "WAITING") parts.push(`waiting for ${took}`);
  else if (s.status === "SKIPPED") parts.push("skipped");
  else parts.push(`${STATUS_WORD[s.status] ?? s.status.toLowerCase()} after ${took}`);
  if (s.retried) parts.push("retried");
  return parts.join(", ");
}

function ticks(span: number): number[] {
  return [0, 0.5, 1].map((f) => f * span);
}

/**
 * Waterfall of step attempts on a shared time axis (from the run's start): one row per
 * attempt (retries are their own rows, with the backoff wait drawn as a dashed lead-in),
 * waiting steps hatched, status by colour and icon. Rows are virtualised and keyboard
 * focusable (arrows, Home/End; roving tabindex).
 */
export function StepsWaterfall({
  steps,
  runStartedAt,
  active,
  selectedId,
  onSelect,
  footer,
  onEndReached,
}: {
  steps: ActionResult[];
  runStartedAt: Date | null;
  active: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
  footer?: React.ReactNode;
  /** Called when the list is scrolled near its end (infinite scroll: load the next page). */
  onEndReached?: () => void;
}) {
  const scrollRef = React.useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [height, setHeight] = React.useState(520);
  const [now, setNow] = React.useState(() => Date.now());
  const focusPending = React.useRef<string | null>(null);

  React.useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [active]);

  React.useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const t0 = React.useMemo(() => {
    const first = steps[0] ? new Date(steps[0].startedAt).getTime() : now;
    return runStartedAt ? Math.min(new Date(runStartedAt).getTime(), first) : first;
  }, [steps, runStartedAt, now]);
  const span = React.useMemo(() => {
    let end = t0 + 1;
    for (const s of steps) end = Math.max(end, endOf(s, now));
    return Math.max(1, end - t0);
  }, [steps, t0, now]);

  // the previous attempt of each retry (same node and iteration), for the backoff lead-in
  const previousEnd = React.useMemo(() => {
    const last = new Map<string, ActionResult>();
    const out = new Map<string, number>();
    for (const s of steps) {
      const key = `${s.nodeId}:${s.iteration}`;
      const prev = last.get(key);
      if (prev && s.attempt > prev.attempt) out.set(s.id, endOf(prev, now));
      last.set(key, s);
    }
    return out;
  }, [steps, now]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(steps.length, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  const selectedIndex = steps.findIndex((s) => s.id === selectedId);
  const tabIndexRow = selectedIndex >= 0 ? selectedIndex : 0;
  const pct = (ms: number) => `${Math.min(100, Math.max(0, (ms / span) * 100))}%`;

  function moveTo(index: number) {
    const s = steps[index];
    if (!s) return;
    onSelect(s.id);
    const el = scrollRef.current;
    if (el) {
      const top = index * ROW_H;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
    }
    focusPending.current = s.id;
  }

  React.useEffect(() => {
    const id = focusPending.current;
    if (!id) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      focusPending.current = null;
    }
  });

  function onKeyDown(e: React.KeyboardEvent) {
    // move from the focused row (the selection may still be on its way through the URL)
    const focusedId = (e.target as HTMLElement).closest?.("[data-row-id]")?.getAttribute("data-row-id");
    const focusedIndex = focusedId ? steps.findIndex((s) => s.id === focusedId) : -1;
    const idx = focusedIndex >= 0 ? focusedIndex : selectedIndex;
    let next = -1;
    if (e.key === "ArrowDown" || e.key === "j") next = Math.min(steps.length - 1, idx + 1);
    else if (e.key === "ArrowUp" || e.key === "k") next = Math.max(0, idx - 1);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = steps.length - 1;
    else if (e.key === "PageDown") next = Math.min(steps.length - 1, idx + Math.floor(height / ROW_H));
    else if (e.key === "PageUp") next = Math.max(0, idx - Math.floor(height / ROW_H));
    if (next >= 0) {
      e.preventDefault();
      moveTo(next);
    }
  }

  return (
    <div className="overflow-hidden rounded-xl border border-border bg-card" data-testid="steps-waterfall">
      <div className="grid grid-cols-[minmax(10rem,16rem)_minmax(0,1fr)_4.5rem] items-end gap-3 border-b border-border bg-muted/40 px-3 py-2 text-xs text-muted-foreground">
        <span>Step</span>
        <div className="relative h-4" aria-hidden>
          {ticks(span).map((ms, i) => (
            <span
              key={i}
              className={cn("absolute top-0 tabular", i === 0 ? "left-0" : i === 2 ? "right-0" : "-translate-x-1/2")}
              style={i === 1 ? { left: "50%" } : undefined}
            >
              {i === 0 ? "0" : `+${formatDuration(ms)}`}
            </span>
          ))}
        </div>
        <span className="text-right">Duration</span>
      </div>
      <div
        ref={scrollRef}
        className="relative max-h-[32rem] min-h-40 overflow-auto"
        onScroll={(e) => {
          const el = e.currentTarget;
          setScrollTop(el.scrollTop);
          if (onEndReached && el.scrollTop + el.clientHeight > el.scrollHeight - ROW_H * 8) onEndReached();
        }}
        role="listbox"
        aria-label={`Timeline: ${steps.length} step attempts`}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: steps.length * ROW_H }} className="relative">
          {steps.slice(first, last).map((s, k) => {
            const i = first + k;
            const start = new Date(s.startedAt).getTime() - t0;
            const end = endOf(s, now) - t0;
            const waitFrom = previousEnd.get(s.id);
            const selected = s.id === selectedId;
            const style = statusStyle("step", s.status);
            return (
              <div
                key={s.id}
                role="option"
                aria-selected={selected}
                aria-label={stepLabel(s, now)}
                tabIndex={i === tabIndexRow ? 0 : -1}
                data-row-id={s.id}
                data-testid="waterfall-row"
                data-status={s.status}
                onClick={() => moveTo(i)}
                className={cn(
                  "absolute inset-x-0 grid cursor-pointer grid-cols-[minmax(10rem,16rem)_minmax(0,1fr)_4.5rem] items-center gap-3 px-3 text-sm outline-none",
                  "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring",
                  selected ? "bg-accent" : "hover:bg-accent/50",
                )}
                style={{ top: i * ROW_H, height: ROW_H }}
              >
                <span className="flex min-w-0 items-center gap-1.5">
                  <StatusIcon kind="step" status={s.status} className="size-3.5 shrink-0" />
                  <span className={cn("truncate", s.retried && "text-muted-foreground")}>{s.name}</span>
                  {s.iteration ? <span className="shrink-0 font-mono text-2xs text-muted-foreground">#{s.iteration}</span> : null}
                  {s.attempt > 1 ? (
                    <span className="inline-flex shrink-0 items-center gap-0.5 rounded bg-muted px-1 text-2xs text-muted-foreground">
                      <RotateCcw className="size-2.5" aria-hidden />
                      {s.attempt}
                    </span>
                  ) : null}
                </span>
                <span className="relative h-full" aria-hidden>
                  {[25, 50, 75].map((f) => (
                    <span key={f} className="absolute inset-y-0 w-px bg-border/60" style={{ left: `${f}%` }} />
                  ))}
                  {waitFrom !== undefined ? (
                    <span
                      className="absolute top-1/2 border-t-2 border-dashed border-muted-foreground/70"
                      style={{ left: pct(waitFrom - t0), width: pct(Math.max(0, start - (waitFrom - t0))) }}
                      title="Waited before retrying"
                    />
                  ) : null}
                  <span
                    className={cn("absolute top-1/2 h-3.5 min-w-[3px] -translate-y-1/2 rounded-sm", BAR_COLORS[s.status] ?? "bg-muted-foreground/40", s.retried && "opacity-60")}
                    style={{ left: pct(start), width: pct(end - start), ...(s.status === "WAITING" ? WAITING_STYLE : null) }}
                    title={style.label}
                  />
                </span>
                <span className="text-right text-xs text-muted-foreground tabular">
                  {s.status === "SKIPPED" ? "—" : formatDuration(end - start)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {footer}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-t border-border px-3 py-2 text-xs text-muted-foreground" aria-label="Legend">
        {(["SUCCEEDED", "FAILED", "RUNNING", "WAITING", "SKIPPED"] as const).map((st) => (
          <span key={st} className="inline-flex items-center gap-1.5">
            <span className={cn("inline-block h-2.5 w-4 rounded-sm", BAR_COLORS[st])} style={st === "WAITING" ? WAITING_STYLE : undefined} aria-hidden />
            {statusStyle("step", st).label}
          </span>
        ))}
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block w-4 border-t border-dashed border-muted-foreground/70" aria-hidden />
          Wait before a retry
        </span>
        <span className="inline-flex items-center gap-1.5">
          <RotateCcw className="size-3" aria-hidden />
          Retry attempt
        </span>
      </div>
    </div>
  );
}
