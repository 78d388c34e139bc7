import { failureAlertSettingsSchema, type FailureAlertSettings, type FailureAlertSettingsInput } from "@/lib/failure-alerts/settings";

/** The editable form of failure-alert settings (emails as free text, one per line or comma-separated). */
export interface AlertDraft {
  inApp: boolean;
  emailsText: string;
  subscriptionIds: string[];
  digestMinutes: number;
}

export const DIGEST_CHOICES = [0, 5, 15, 30, 60, 180, 720, 1440] as const;

export function digestLabel(m: number): string {
  if (m === 0) return "One message per failure";
  if (m < 60) return `Digest every ${m} minutes`;
  if (m === 60) return "Digest every hour";
  if (m % 60 === 0) return m === 1440 ? "Digest once a day" : `Digest every ${m / 60} hours`;
  return `Digest every ${m} minutes`;
}

export function toDraft(s: FailureAlertSettings | null): AlertDraft {
  return {
    inApp: s ? s.channels.inApp : true,
    emailsText: s ? s.channels.emails.join("\n") : "",
    subscriptionIds: s ? s.channels.subscriptionIds : [],
    digestMinutes: s ? s.digestMinutes : 0,
  };
}

export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

/** The settings a draft stands for, or the first problem (same schema as the server). */
export function fromDraft(d: AlertDraft, enabled = true): { settings: FailureAlertSettingsInput; error: string | null } {
  const emails = splitEmails(d.emailsText);
  const settings: FailureAlertSettingsInput = { enabled, channels: { inApp: d.inApp, emails, subscriptionIds: d.subscriptionIds }, digestMinutes: d.digestMinutes };
  const r = failureAlertSettingsSchema.safeParse(settings);
  if (r.success) return { settings, error: null };
  const issue = r.error.issues[0]!;
  const where = issue.path[0] === "channels" && issue.path[1] === "emails" && typeof issue.path[2] === "number" ? `${emails[issue.path[2]]}: ` : "";
  return { settings, error: `${where}${issue.message}` };
}

export function sameDraft(a: AlertDraft, b: AlertDraft): boolean {
  return (
    a.inApp === b.inApp &&
    splitEmails(a.emailsText).join(",") === splitEmails(b.emailsText).join(",") &&
    [...a.subscriptionIds].sort().join(",") === [...b.subscriptionIds].sort().join(",") &&
    a.digestMinutes === b.digestMinutes
  );
}
