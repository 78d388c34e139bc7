import { Badge, type BadgeVariant } from "@/components/ui/badge";

const STATUS: Record<string, { label: string; variant: BadgeVariant }> = {
  STORED: { label: "Stored", variant: "neutral" },
  SENT: { label: "Sent", variant: "success" },
  FAILED: { label: "Failed", variant: "destructive" },
  SENDING: { label: "Sending", variant: "neutral" },
  UNCONFIRMED: { label: "Unconfirmed", variant: "destructive" },
};

export function OutboxStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, variant: "neutral" as const };
  return <Badge variant={s.variant}>{s.label}</Badge>;
}

