import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { ALL_EVENTS, subscriptionState, type SubscriptionItem, type SubscriptionState } from "./subscription-model";

const STATE_BADGE: Record<SubscriptionState, { label: string; variant: BadgeVariant }> = {
  active: { label: "Active", variant: "success" },
  paused: { label: "Paused", variant: "outline" },
  disabled: { label: "Disabled", variant: "destructive" },
};

export function SubscriptionStateBadge({ subscription, className }: { subscription: Pick<SubscriptionItem, "active" | "disabledAt">; className?: string }) {
  const s = STATE_BADGE[subscriptionState(subscription)];
  return (
    <Badge variant={s.variant} className={className} data-testid="subscription-state">
      {s.label}
    </Badge>
  );
}

/** "All events", or one badge per subscribed type. */
export function SubscriptionEvents({ events }: { events: readonly string[] }) {
  if (events.includes(ALL_EVENTS)) return <Badge variant="default">All events</Badge>;
  return (
    <div className="flex flex-wrap gap-1">
      {events.map((e) => (
        <Badge key={e} variant="neutral" className="font-mono">
          {e}
        </Badge>
      ))}
    </div>
  );
}
