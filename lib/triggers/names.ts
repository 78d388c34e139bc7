import { getBuiltInEventType } from "./event-types";

/**
 * Event type names: lowercase words of letters, digits and "_", optionally
 * dotted ("deal_updated", "patient.onboarded"), 2–100 characters. Custom
 * types follow the same rule and may not reuse a built-in or reserved name.
 */
export const EVENT_TYPE_NAME_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
export const EVENT_TYPE_NAME_RULE =
  'lowercase letters, digits and "_", optionally in dotted parts (e.g. "invoice_paid" or "patient.discharged"), 2–100 characters';

/** Names that are not events: the other trigger kinds. */
export const RESERVED_EVENT_TYPE_NAMES = ["manual", "webhook", "schedule", "event", "bulk", "child", "api"] as const;

/** Replaced names and what to use instead. */
export const DEPRECATED_EVENT_TYPES: Readonly<Record<string, string>> = { form_submitted: "form_completed" };

export function deprecatedEventTypeMessage(name: string): string | null {
  const instead = DEPRECATED_EVENT_TYPES[name];
  return instead ? `"${name}" is deprecated and rejected: use "${instead}" instead` : null;
}

/** Why a name cannot be an event type at all (syntax, deprecated), or null. */
export function eventTypeNameProblem(name: string): string | null {
  const deprecated = deprecatedEventTypeMessage(name);
  if (deprecated) return deprecated;
  if (name.length < 2 || name.length > 100 || !EVENT_TYPE_NAME_RE.test(name)) return `must be ${EVENT_TYPE_NAME_RULE}`;
  return null;
}

/** Why a name cannot be a new custom event type, or null. */
export function customEventTypeNameProblem(name: string): string | null {
  const basic = eventTypeNameProblem(name);
  if (basic) return basic;
  if ((RESERVED_EVENT_TYPE_NAMES as readonly string[]).includes(name)) return `"${name}" is reserved for another kind of trigger`;
  if (getBuiltInEventType(name)) return `"${name}" is a built-in event type; pick another name`;
  return null;
}

/** Filter keys (custom types): like a JSON field name of the event data's top level. */
export const FILTER_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
