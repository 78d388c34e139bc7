import type { RouterOutputs } from "@/lib/trpc/types";
import { PLATFORM_EVENTS, PLATFORM_EVENT_TYPES, type PlatformEventType } from "@/lib/platform-events/catalog";

export type SubscriptionItem = RouterOutputs["webhookSubscriptions"]["list"][number];
export type DeliveryAttempt = RouterOutputs["webhookSubscriptions"]["logs"][number];

const CATEGORY_LABELS: Record<string, string> = { run: "Runs", approval: "Approvals", automation: "Automations", schedule: "Schedules" };

export interface EventGroup {
  category: string;
  label: string;
  events: Array<{ type: PlatformEventType; description: string }>;
}

/** The catalog grouped by the prefix of each type ("run.completed" → Runs), in catalog order. */
export function eventGroups(): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  for (const type of PLATFORM_EVENT_TYPES) {
    const category = type.split(".")[0]!;
    let group = groups.get(category);
    if (!group) {
      group = { category, label: CATEGORY_LABELS[category] ?? category, events: [] };
      groups.set(category, group);
    }
    group.events.push({ type, description: PLATFORM_EVENTS[type].description });
  }
  return [...groups.values()];
}

export const ALL_EVENTS = "*";

export type SubscriptionState = "active" | "paused" | "disabled";

/** disabled: switched off by the delivery loop after repeated failures; paused: switched off by a person. */
export function subscriptionState(s: Pick<SubscriptionItem, "active" | "disabledAt">): SubscriptionState {
  if (s.active) return "active";
  return s.disabledAt ? "disabled" : "paused";
}

export type AttemptOutcome = "delivered" | "pending" | "failed";

/**
 * What one logged attempt means: a 2xx answer delivered the event; any other
 * answer (or none) with a retry scheduled leaves the delivery pending; without a
 * retry it failed for good (attempts exhausted or the subscription was disabled).
 */
export function attemptOutcome(a: Pick<DeliveryAttempt, "statusCode" | "nextRetryAt">): AttemptOutcome {
  if (a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300) return "delivered";
  return a.nextRetryAt ? "pending" : "failed";
}

/** Client-side check of what the server's URL guard also enforces (it adds the SSRF check). */
export function urlProblem(raw: string): string | null {
  const value = raw.trim();
  if (!value) return "Enter the URL that receives the events";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URL, e.g. https://example.com/hooks/switchyard";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Only https:// and http:// URLs can receive webhooks";
  if (url.username || url.password) return "Remove the credentials from the URL; the signature authenticates deliveries";
  return null;
}

/** The events sent to the server: ["*"] or the chosen types in catalog order. */
export function eventsInput(all: boolean, chosen: ReadonlySet<string>): string[] {
  return all ? [ALL_EVENTS] : PLATFORM_EVENT_TYPES.filter((t) => chosen.has(t));
}
