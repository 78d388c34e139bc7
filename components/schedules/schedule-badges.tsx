import { Badge, type BadgeVariant } from "@/components/ui/badge";

const STATE: Record<string, { label: string; variant: BadgeVariant }> = {
  active: { label: "Active", variant: "success" },
  disabled: { label: "Disabled", variant: "neutral" },
  ended: { label: "Ended", variant: "outline" },
  "automation-inactive": { label: "Automation inactive", variant: "warning" },
};

const FIRE: Record<string, BadgeVariant> = { OK: "success", PARTIAL: "warning", FAILED: "destructive", SKIPPED: "neutral", PENDING: "info" };

export function ScheduleStateBadge({ state, reason }: { state: string; reason?: string | null }) {
  const s = STATE[state] ?? { label: state, variant: "neutral" as const };
  return (
    <Badge variant={s.variant} title={reason ?? undefined} data-testid="schedule-state">
      {s.label}
    </Badge>
  );
}

export function FireStatusBadge({ status }: { status: string | null }) {
  if (!status) return <span className="text-xs text-muted-foreground">Never fired</span>;
  return <Badge variant={FIRE[status] ?? "neutral"}>{status === "OK" ? "OK" : status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
}

export function remainingText(r: { count: number; capped: boolean } | null): string {
  if (r === null) return "Unlimited";
  return r.capped ? `${r.count}+` : String(r.count);
}
