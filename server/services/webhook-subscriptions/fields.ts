import { z } from "zod";
import { PLATFORM_EVENT_TYPES, isPlatformEventType } from "@/lib/platform-events/catalog";

export const subscriptionIdField = z.string({ error: "id is required" }).min(1, "id is required").max(64, "id: at most 64 characters");
export const subscriptionUrlField = z.string({ error: "url is required" }).trim().min(1, "url is required").max(2_000, "url: at most 2000 characters");
export const subscriptionDescriptionField = z.string().max(500, "description: at most 500 characters");
export const subscriptionEventsField = z
  .array(z.string().max(100), { error: `events: a list of event types (${PLATFORM_EVENT_TYPES.join(", ")}) or ["*"]` })
  .min(1, `events: name at least one event type (${PLATFORM_EVENT_TYPES.join(", ")}) or "*" for all`)
  .max(50)
  .superRefine((list, ctx) => {
    const unknown = list.filter((e) => e !== "*" && !isPlatformEventType(e));
    if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown event type ${unknown.join(", ")}; allowed: ${PLATFORM_EVENT_TYPES.join(", ")} or "*"` });
  });
/** A caller-chosen signing secret (seed 003 lets the caller pass one): `whsec_` + base64 of 24–64 bytes. */
export const subscriptionSecretField = z
  .string()
  .max(200)
  .refine((s) => {
    if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(s)) return false;
    const n = Buffer.from(s.slice(6), "base64").length;
    return n >= 24 && n <= 64;
  }, "secret: a Standard Webhooks secret, whsec_ followed by base64 of 24 to 64 random bytes (omit it to have one generated)");

/** Stored form of the event list: "*" or ",a,b," (the outbox insert matches it with LIKE '%,<type>,%'). */
export function encodeEvents(list: readonly string[]): string {
  if (list.includes("*")) return "*";
  return `,${[...new Set(list)].sort().join(",")},`;
}

export function decodeEvents(stored: string): string[] {
  return stored === "*" ? ["*"] : stored.split(",").filter(Boolean);
}

export function matchesEvent(stored: string, type: string): boolean {
  return stored === "*" || stored.includes(`,${type},`);
}
