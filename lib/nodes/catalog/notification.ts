import { z } from "zod";
import { ROLES } from "../../roles";
import { hasTemplate } from "../../templates/parse";
import { defineNodeType } from "../field-meta";
import { isHttpUrlOrTemplate, truncate } from "./shared";

export const notificationConfigSchema = z
  .object({
    title: z.string().trim().max(200, "must be at most 200 characters").default("").describe("Required. Short title; may use {{templates}}"),
    body: z.string().max(5_000, "must be at most 5,000 characters").default("").describe("Details (optional); may use {{templates}}"),
    link: z
      .string()
      .trim()
      .max(2_000, "must be at most 2,000 characters")
      .default("")
      .describe("Optional link opened from the notification: a path in the app (/runs/…) or an http(s) URL"),
    userIds: z
      .array(z.string().trim().min(1, "is required").max(64, "must be at most 64 characters"))
      .max(100, "must have at most 100 users")
      .default([])
      .describe("Workspace members to notify"),
    roles: z
      .array(z.enum(ROLES, { error: () => `must be one of: ${ROLES.join(", ")}` }))
      .max(ROLES.length, `must have at most ${ROLES.length} roles`)
      .default(["OWNER", "ADMIN"])
      .describe("Notify every member with one of these roles"),
  })
  .superRefine((config, ctx) => {
    if (config.userIds.length === 0 && config.roles.length === 0) {
      ctx.addIssue({ code: "custom", path: ["roles"], message: "must name at least one recipient: choose roles or users" });
    }
    const link = config.link;
    if (link !== "" && !hasTemplate(link) && !link.startsWith("/") && !isHttpUrlOrTemplate(link)) {
      ctx.addIssue({ code: "custom", path: ["link"], message: "must be a path starting with / or an http(s) URL" });
    }
  });
export type NotificationConfig = z.infer<typeof notificationConfigSchema>;

export const notificationNode = defineNodeType({
  type: "notification",
  version: 1,
  kind: "action",
  category: "Messaging",
  label: "In-app notification",
  description: "Notify workspace members in Switchyard (bell icon).",
  icon: "Bell",
  configSchema: notificationConfigSchema,
  defaultConfig: { title: "", body: "", link: "", userIds: [], roles: ["OWNER", "ADMIN"] },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { delivered: 2 },
  summarize(config) {
    const who = [...config.roles.map((r) => r.toLowerCase() + "s"), ...(config.userIds.length ? [`${config.userIds.length} user(s)`] : [])].join(", ");
    return truncate(`Notify ${who || "nobody"}${config.title ? `: ${config.title}` : ""}`, 120);
  },
  defaultTimeoutMs: 10_000,
  fieldMeta: {
    title: { label: "Title", widget: "text", templated: true, required: true },
    body: { label: "Body", widget: "textarea", templated: true },
    link: { label: "Link", widget: "text", templated: true, advanced: true },
    roles: { label: "Roles", widget: "multiselect" },
    userIds: { label: "Users", widget: "users" },
  },
});
