import { z } from "zod";
import { ROLES } from "../../roles";
import { invalidAddresses, splitAddresses } from "./shared";

/**
 * Config shared by the human steps (approval, form): who is asked (email
 * addresses and/or workspace users and roles), how long the request stays open
 * (default 7 days, at most 30) and an optional reminder.
 */
export const HUMAN_EXPIRY_UNITS = ["minutes", "hours", "days"] as const;
export const HUMAN_UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
export const MAX_HUMAN_EXPIRY_MS = 30 * HUMAN_UNIT_MS.days;
export const MAX_APPROVERS = 50;

export const humanRecipientFields = {
  approverEmails: z
    .string()
    .max(5_000, "must be at most 5,000 characters")
    .default("")
    .describe("Comma-separated addresses of people (inside or outside the workspace), or {{trigger.manager_email}}"),
  approverUserIds: z
    .array(z.string().trim().min(1, "is required").max(64, "must be at most 64 characters"))
    .max(MAX_APPROVERS, `must have at most ${MAX_APPROVERS} users`)
    .default([])
    .describe("Workspace members (they also get an in-app notification and can decide from the Approvals inbox)"),
  approverRoles: z
    .array(z.enum(ROLES, { error: () => `must be one of: ${ROLES.join(", ")}` }))
    .max(ROLES.length, `must have at most ${ROLES.length} roles`)
    .default(["ADMIN"])
    .describe("Every member with one of these roles when the step is reached"),
  expiresIn: z.number({ error: () => "must be a number" }).gt(0, "must be greater than 0").default(7).describe("How long the link stays valid (default 7 days, at most 30 days)"),
  expiresUnit: z.enum(HUMAN_EXPIRY_UNITS, { error: () => `must be one of: ${HUMAN_EXPIRY_UNITS.join(", ")}` }).default("days"),
  remindAfterHours: z
    .number({ error: () => "must be a number" })
    .min(0, "must be 0 or more")
    .default(0)
    .describe("Send a reminder (a fresh link) to those who have not answered after this many hours; 0 = no reminder"),
};

export interface HumanRecipientConfig {
  approverEmails: string;
  approverUserIds: string[];
  approverRoles: Array<(typeof ROLES)[number]>;
  expiresIn: number;
  expiresUnit: (typeof HUMAN_EXPIRY_UNITS)[number];
  remindAfterHours: number;
}

export function humanExpiryMs(c: Pick<HumanRecipientConfig, "expiresIn" | "expiresUnit">): number {
  return Math.round(c.expiresIn * HUMAN_UNIT_MS[c.expiresUnit]);
}

/** Issues common to approval and form configs. */
export function checkHumanRecipients(c: HumanRecipientConfig, ctx: z.RefinementCtx): void {
  const bad = invalidAddresses(c.approverEmails);
  if (bad.length > 0) ctx.addIssue({ code: "custom", path: ["approverEmails"], message: `has invalid address${bad.length > 1 ? "es" : ""}: ${bad.join(", ")}` });
  if (splitAddresses(c.approverEmails).length > MAX_APPROVERS) ctx.addIssue({ code: "custom", path: ["approverEmails"], message: `must have at most ${MAX_APPROVERS} addresses` });
  if (c.approverEmails.trim() === "" && c.approverUserIds.length === 0 && c.approverRoles.length === 0) {
    ctx.addIssue({ code: "custom", path: ["approverEmails"], message: "must name at least one person: email addresses, users or roles" });
  }
  if (humanExpiryMs(c) > MAX_HUMAN_EXPIRY_MS) ctx.addIssue({ code: "custom", path: ["expiresIn"], message: "must be at most 30 days" });
  if (humanExpiryMs(c) < HUMAN_UNIT_MS.minutes) ctx.addIssue({ code: "custom", path: ["expiresIn"], message: "must be at least 1 minute" });
  if (c.remindAfterHours > 0 && c.remindAfterHours * HUMAN_UNIT_MS.hours >= humanExpiryMs(c)) {
    ctx.addIssue({ code: "custom", path: ["remindAfterHours"], message: "must be before the request expires" });
  }
}

export const humanRecipientMeta = {
  approverEmails: { label: "Email addresses", widget: "emailList", templated: true },
  approverUserIds: { label: "Users", widget: "users" },
  approverRoles: { label: "Roles", widget: "multiselect" },
  expiresIn: { label: "Expires after", widget: "number" },
  expiresUnit: { label: "Unit", widget: "select" },
  remindAfterHours: { label: "Reminder after", widget: "number", unit: "hours", advanced: true },
} as const;

export function recipientsSummary(c: Pick<HumanRecipientConfig, "approverEmails" | "approverUserIds" | "approverRoles">): string {
  const parts = [
    ...splitAddresses(c.approverEmails),
    ...c.approverRoles.map((r) => `${r.toLowerCase()}s`),
    ...(c.approverUserIds.length ? [`${c.approverUserIds.length} user(s)`] : []),
  ];
  return parts.join(", ") || "nobody";
}
