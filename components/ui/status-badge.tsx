import * as React from "react";
import {
  Ban,
  CheckCircle2,
  CircleDashed,
  CircleDot,
  Clock,
  Hourglass,
  Loader2,
  PauseCircle,
  SkipForward,
  XCircle,
  Archive,
  FileEdit,
  type LucideIcon,
} from "lucide-react";
import { Badge, type BadgeVariant } from "./badge";
import { cn } from "./utils";

interface StatusStyle {
  label: string;
  variant: BadgeVariant;
  icon: LucideIcon;
  spin?: boolean;
  /** A live status: shows a pulsing dot instead of a static icon. */
  live?: boolean;
}

const AUTOMATION: Record<string, StatusStyle> = {
  DRAFT: { label: "Draft", variant: "neutral", icon: FileEdit },
  ACTIVE: { label: "Active", variant: "success", icon: CircleDot, live: true },
  PAUSED: { label: "Paused", variant: "warning", icon: PauseCircle },
  ARCHIVED: { label: "Archived", variant: "outline", icon: Archive },
};

const RUN: Record<string, StatusStyle> = {
  QUEUED: { label: "Queued", variant: "neutral", icon: Clock },
  RUNNING: { label: "Running", variant: "info", icon: Loader2, spin: true },
  PAUSED: { label: "Paused", variant: "warning", icon: PauseCircle },
  WAITING_FOR_CHILD: { label: "Waiting", variant: "warning", icon: Hourglass },
  COMPLETED: { label: "Completed", variant: "success", icon: CheckCircle2 },
  FAILED: { label: "Failed", variant: "destructive", icon: XCircle },
  SKIPPED: { label: "Skipped", variant: "outline", icon: SkipForward },
  CANCELLED: { label: "Cancelled", variant: "outline", icon: Ban },
};

const STEP: Record<string, StatusStyle> = {
  RUNNING: { label: "Running", variant: "info", icon: Loader2, spin: true },
  SUCCEEDED: { label: "Succeeded", variant: "success", icon: CheckCircle2 },
  FAILED: { label: "Failed", variant: "destructive", icon: XCircle },
  SKIPPED: { label: "Skipped", variant: "outline", icon: SkipForward },
  WAITING: { label: "Waiting", variant: "warning", icon: Hourglass },
};

const TABLES = { automation: AUTOMATION, run: RUN, step: STEP } as const;
export type StatusKind = keyof typeof TABLES;

export function statusStyle(kind: StatusKind, status: string): StatusStyle {
  return TABLES[kind][status] ?? { label: status.toLowerCase().replace(/_/g, " "), variant: "neutral", icon: CircleDashed };
}

interface StatusBadgeProps {
  kind: StatusKind;
  status: string;
  className?: string;
}

/** Badge for automation (DRAFT/ACTIVE/PAUSED/ARCHIVED), run and step statuses. */
export function StatusBadge({ kind, status, className }: StatusBadgeProps) {
  const s = statusStyle(kind, status);
  const Icon = s.icon;
  return (
    <Badge variant={s.variant} className={cn("capitalize", className)} data-status={status}>
      {s.live ? (
        <span className="inline-flex size-1.5 rounded-full bg-current" aria-hidden />
      ) : (
        <Icon className={cn(s.spin && "animate-spin")} aria-hidden />
      )}
      {s.label}
    </Badge>
  );
}

/** Just the icon, colored; for timelines. */
export function StatusIcon({ kind, status, className }: StatusBadgeProps) {
  const s = statusStyle(kind, status);
  const Icon = s.icon;
  const color: Record<BadgeVariant, string> = {
    default: "text-primary",
    neutral: "text-muted-foreground",
    outline: "text-muted-foreground",
    success: "text-success",
    warning: "text-warning",
    destructive: "text-destructive",
    info: "text-info",
  };
  return <Icon aria-label={s.label} className={cn("size-4", color[s.variant], s.spin && "animate-spin", className)} />;
}
