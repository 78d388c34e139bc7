import { z } from "zod";

/**
 * Failure alerts (issue 14): who hears about a failed run, and how often.
 * Stored as JSON text on Workspace.failureAlerts (the workspace default; null =
 * off) and Automation.failureAlerts (null = use the workspace default; its own
 * settings otherwise, `enabled: false` mutes that automation). Isomorphic: the
 * settings forms validate with the same schema as the services.
 */
export const DIGEST_MIN_MINUTES = 5;
export const DIGEST_MAX_MINUTES = 1440;
export const MAX_ALERT_EMAILS = 20;
export const MAX_ALERT_SUBSCRIPTIONS = 10;

const alertEmail = z
  .string({ error: "an email address" })
  .trim()
  .toLowerCase()
  .pipe(z.email("not a valid email address (e.g. ops@example.com)"));

export const failureAlertChannelsSchema = z.object({
  /** in-app notification to the workspace's owners and admins */
  inApp: z.boolean({ error: "channels.inApp: true or false" }).default(false),
  /** one email to these addresses (SMTP, or the outbox when SMTP_URL is unset) */
  emails: z
    .array(alertEmail, { error: "channels.emails: a list of email addresses" })
    .max(MAX_ALERT_EMAILS, `channels.emails: at most ${MAX_ALERT_EMAILS} addresses`)
    .default([])
    .transform((list) => [...new Set(list)]),
  /** event subscriptions (Settings → Webhooks) that receive alert.run_failed / alert.digest */
  subscriptionIds: z
    .array(z.string().min(1).max(64), { error: "channels.subscriptionIds: a list of event subscription ids" })
    .max(MAX_ALERT_SUBSCRIPTIONS, `channels.subscriptionIds: at most ${MAX_ALERT_SUBSCRIPTIONS} subscriptions`)
    .default([])
    .transform((list) => [...new Set(list)]),
});

export const digestMinutesSchema = z
  .number({ error: `digestMinutes: 0 (one message per failure) or ${DIGEST_MIN_MINUTES} to ${DIGEST_MAX_MINUTES} minutes` })
  .int("digestMinutes: a whole number of minutes")
  .refine((m) => m === 0 || (m >= DIGEST_MIN_MINUTES && m <= DIGEST_MAX_MINUTES), {
    message: `digestMinutes: 0 (one message per failure) or ${DIGEST_MIN_MINUTES} to ${DIGEST_MAX_MINUTES} minutes (one message per window)`,
  });

export const failureAlertSettingsSchema = z
  .object({
    enabled: z.boolean({ error: "enabled: true or false" }),
    channels: failureAlertChannelsSchema.default({ inApp: false, emails: [], subscriptionIds: [] }),
    digestMinutes: digestMinutesSchema.default(0),
  })
  .superRefine((s, ctx) => {
    if (s.enabled && !s.channels.inApp && s.channels.emails.length === 0 && s.channels.subscriptionIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["channels"], message: "choose at least one channel: in-app, an email address or an event subscription" });
    }
  });

export type FailureAlertSettings = z.output<typeof failureAlertSettingsSchema>;
export type FailureAlertSettingsInput = z.input<typeof failureAlertSettingsSchema>;

/** The three choices of an automation. */
export type AutomationAlertMode = "default" | "custom" | "off";

export function automationAlertMode(s: FailureAlertSettings | null): AutomationAlertMode {
  if (s === null) return "default";
  return s.enabled ? "custom" : "off";
}

/** Reads stored JSON text; anything unreadable counts as not set (null). */
export function parseStoredAlerts(text: string | null | undefined): FailureAlertSettings | null {
  if (!text) return null;
  try {
    const r = failureAlertSettingsSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function serializeAlerts(s: FailureAlertSettings | null): string | null {
  return s === null ? null : JSON.stringify(s);
}

/** What applies to an automation's failures: its own settings, else the workspace default; null = no alert. */
export function effectiveAlerts(automation: FailureAlertSettings | null, workspace: FailureAlertSettings | null): FailureAlertSettings | null {
  const s = automation ?? workspace;
  return s && s.enabled ? s : null;
}

/** One line for lists ("In-app, 2 emails · digest every 15 min"). */
export function describeAlerts(s: FailureAlertSettings | null): string {
  if (!s || !s.enabled) return "Off";
  const parts: string[] = [];
  if (s.channels.inApp) parts.push("in-app");
  if (s.channels.emails.length) parts.push(s.channels.emails.length === 1 ? "1 email" : `${s.channels.emails.length} emails`);
  if (s.channels.subscriptionIds.length) parts.push(s.channels.subscriptionIds.length === 1 ? "1 subscription" : `${s.channels.subscriptionIds.length} subscriptions`);
  const how = s.digestMinutes === 0 ? "one message per failure" : `digest every ${s.digestMinutes} min`;
  return `${parts.join(", ")} · ${how}`;
}
