"use client";

import * as React from "react";
import { format, formatDistanceToNowStrict } from "date-fns";
import { Tooltip } from "./tooltip";
import { cn } from "./utils";

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "3m ago" style; compact form ("3m", "2h", "5d"). */
export function formatRelative(value: Date | string | number, now = Date.now()): string {
  const date = toDate(value);
  const diff = Math.abs(now - date.getTime());
  if (diff < 45_000) return "just now";
  return formatDistanceToNowStrict(date, { addSuffix: true });
}

export function formatAbsolute(value: Date | string | number): string {
  return format(toDate(value), "MMM d, yyyy 'at' HH:mm:ss");
}

/** Relative time that re-renders every 30 s; absolute time in a tooltip. */
export function RelativeTime({ value, className }: { value: Date | string | number; className?: string }) {
  const [now, setNow] = React.useState<number | null>(null);
  React.useEffect(() => {
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(id);
  }, []);
  const date = toDate(value);
  // Server render and first client render use the absolute date (no hydration mismatch).
  const text = now === null ? format(date, "MMM d, HH:mm") : formatRelative(date, now);
  return (
    <Tooltip content={formatAbsolute(date)}>
      <time dateTime={date.toISOString()} className={cn("whitespace-nowrap tabular", className)} suppressHydrationWarning>
        {text}
      </time>
    </Tooltip>
  );
}

/** 850 ms → "850ms", 12.3 s → "12.3s", 125 s → "2m 5s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const m = Math.floor(s / 60);
  const rem = Math.round(s % 60);
  if (m < 60) return rem ? `${m}m ${rem}s` : `${m}m`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}
