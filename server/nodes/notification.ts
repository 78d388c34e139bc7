import { notificationConfigSchema, type NotificationConfig } from "@/lib/nodes/catalog/notification";
import { fatal, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { optionalText, parseConfig, record, text } from "./config";

/**
 * In-app notification to workspace members (given users and/or roles) through
 * ctx.services.notifier, idempotent per step key. Users who are not members are ignored.
 */
function config(ctx: NodeContext): NotificationConfig {
  const raw = record(ctx.config);
  const userIds = Array.isArray(raw.userIds) ? raw.userIds.map((u) => text(u)) : raw.userIds;
  const c = parseConfig(
    notificationConfigSchema,
    { ...raw, title: optionalText(raw.title), body: optionalText(raw.body), link: optionalText(raw.link), userIds },
    "Notification",
  );
  if (!c.title.trim()) throw fatal('"title" is required: the notification has no title (check the template it uses)', "CONFIG_INVALID");
  return c;
}

export const notificationExecutor: NodeExecutor = {
  type: "notification",
  version: 1,
  async preview(ctx) {
    const c = config(ctx);
    return { title: c.title, body: c.body, link: c.link || null, userIds: c.userIds, roles: c.roles };
  },
  async execute(ctx): Promise<NodeResult> {
    const c = config(ctx);
    const { delivered } = await ctx.services.notifier.notify({
      workspaceId: ctx.workspaceId,
      stepKey: ctx.idempotencyKey,
      runId: ctx.runId,
      userIds: c.userIds,
      roles: c.roles,
      title: c.title.trim(),
      body: c.body,
      ...(c.link ? { link: c.link } : {}),
    });
    const warnings = delivered === 0 ? ["No workspace member matched the chosen users and roles; nobody was notified"] : [];
    return { output: { delivered }, ...(warnings.length ? { warnings } : {}) };
  },
};
