import { z } from "zod";
import { failureAlertSettingsSchema, type FailureAlertSettings } from "@/lib/failure-alerts/settings";
import type { Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { AppError } from "@/server/services/errors";
import { setAutomationFailureAlerts } from "@/server/services/failure-alerts/alert-settings";
import { registerSchema } from "./common";

/**
 * REST shape of failure-alert settings (issue 14 item 5), snake_case:
 *   { enabled, channels: { in_app, emails[], subscription_ids[] }, digest_minutes }
 * On an automation, null = the workspace default applies; enabled:false = off
 * for this automation. Input is validated by the same zod schema as the app
 * (lib/failure-alerts/settings.ts), with field names and messages in REST form.
 */
export const failureAlertsSchema = registerSchema(
  "FailureAlerts",
  z
    .object({
      enabled: z.boolean().describe("false: no alert for this automation's failures (off)"),
      channels: z.object({
        in_app: z.boolean().describe("in-app notification to the workspace's owners and admins"),
        emails: z.array(z.string()).describe("one email per message to these addresses (at most 20)"),
        subscription_ids: z.array(z.string()).describe("event subscriptions that receive alert.run_failed / alert.digest (at most 10)"),
      }),
      digest_minutes: z.number().int().describe("0: one message per failure; 5–1440: one digest per window"),
    })
    .describe("Failure alerts of an automation (null: the workspace default applies)"),
);

export function presentFailureAlerts(s: FailureAlertSettings | null): z.input<typeof failureAlertsSchema> | null {
  if (s === null) return null;
  return { enabled: s.enabled, channels: { in_app: s.channels.inApp, emails: s.channels.emails, subscription_ids: s.channels.subscriptionIds }, digest_minutes: s.digestMinutes };
}

const REST_NAMES: Array<[RegExp, string]> = [
  [/\binApp\b/g, "in_app"],
  [/\bsubscriptionIds\b/g, "subscription_ids"],
  [/\bdigestMinutes\b/g, "digest_minutes"],
];
const restName = (s: string) => REST_NAMES.reduce((acc, [re, to]) => acc.replace(re, to), s);

/** PATCH input: the REST shape (missing channels / digest_minutes take the app's defaults), checked by the app's schema; answers the app's settings. */
export const failureAlertsInputSchema = z
  .strictObject({
    enabled: z.boolean({ error: "enabled: true or false" }),
    channels: z
      .strictObject({
        in_app: z.boolean({ error: "channels.in_app: true or false" }).optional(),
        emails: z.array(z.string({ error: "an email address" }), { error: "channels.emails: a list of email addresses" }).optional(),
        subscription_ids: z.array(z.string({ error: "an event subscription id" }), { error: "channels.subscription_ids: a list of event subscription ids" }).optional(),
      })
      .optional(),
    digest_minutes: z.number({ error: "digest_minutes: a number of minutes" }).optional(),
  })
  .transform((v, ctx): FailureAlertSettings => {
    const r = failureAlertSettingsSchema.safeParse({
      enabled: v.enabled,
      channels: v.channels === undefined ? undefined : { inApp: v.channels.in_app, emails: v.channels.emails, subscriptionIds: v.channels.subscription_ids },
      digestMinutes: v.digest_minutes,
    });
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue({ code: "custom", path: issue.path.map((p) => (typeof p === "string" ? restName(p) : p)), message: restName(issue.message) });
    return z.NEVER;
  })
  .nullable()
  .describe("Failure alerts of this automation: null = use the workspace default; { enabled: false } = off; otherwise its own channels and digest window");

/**
 * PATCH /automations/{id} failure_alerts → the failure-alerts service (the
 * app's setAutomation: audited, cursor started). The service's field names in
 * errors (settings.channels.subscriptionIds) come back in REST form
 * (failure_alerts.channels.subscription_ids).
 */
export async function setAutomationFailureAlertsFromRest(actor: Actor, automationId: string, settings: FailureAlertSettings | null, db: Db): Promise<void> {
  try {
    await setAutomationFailureAlerts(actor, { automationId, settings }, db);
  } catch (e) {
    const found = e instanceof AppError ? e.details?.issues : undefined;
    if (!(e instanceof AppError) || !found?.length) throw e;
    const issues = found.map((i) => ({
      ...i,
      field: restName(i.field.replace(/^settings\b/, "failure_alerts")),
      message: restName(i.message),
    }));
    throw new AppError(e.code, restName(e.message), { ...e.details, issues });
  }
}
