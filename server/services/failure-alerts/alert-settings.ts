import { z } from "zod";
import { getDb, type Db, type Tx } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan, assertNotArchived, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { automationIdField } from "@/server/services/automations/fields";
import { writeAudit } from "@/server/services/audit/write-audit";
import { effectiveAlerts, failureAlertSettingsSchema, hasAlertConfig, parseStoredAlerts, serializeAlerts, type FailureAlertSettings } from "./settings";

/**
 * Reading and writing failure-alert settings: the workspace default and each
 * automation's own choice. Every member reads them; admins write (audited).
 * Turning alerts on for a workspace that had none starts its scanner cursor
 * at "now": failures from before are not alerted after the fact.
 */
const settingsField = failureAlertSettingsSchema.nullable();

export const setWorkspaceFailureAlertsInput = z.object({
  /** null (or enabled:false) = off */
  settings: settingsField,
});
export type SetWorkspaceFailureAlertsInput = z.input<typeof setWorkspaceFailureAlertsInput>;

export const automationFailureAlertsInput = z.object({ automationId: automationIdField });
export const setAutomationFailureAlertsInput = z.object({
  automationId: automationIdField,
  /** null = use the workspace default; { enabled: false } = off for this automation */
  settings: settingsField,
});
export type SetAutomationFailureAlertsInput = z.input<typeof setAutomationFailureAlertsInput>;

export interface WorkspaceFailureAlerts {
  settings: FailureAlertSettings | null;
}

export interface AutomationFailureAlerts {
  automationId: string;
  /** null = the workspace default applies */
  settings: FailureAlertSettings | null;
  workspaceDefault: FailureAlertSettings | null;
  /** what applies now; null = no alert for this automation's failures */
  effective: FailureAlertSettings | null;
}

export async function getWorkspaceFailureAlerts(actor: Actor, db: Db = getDb()): Promise<WorkspaceFailureAlerts> {
  assertCan(actor, "workspace:read");
  const ws = await db.workspace.findUnique({ where: { id: actor.workspaceId }, select: { failureAlerts: true } });
  if (!ws) throw new AppError("NOT_FOUND", "Workspace not found");
  return { settings: parseStoredAlerts(ws.failureAlerts) };
}

export async function getAutomationFailureAlerts(actor: Actor, input: z.input<typeof automationFailureAlertsInput>, db: Db = getDb()): Promise<AutomationFailureAlerts> {
  assertCan(actor, "automations:read");
  const { automationId } = parseInput(automationFailureAlertsInput, input);
  const row = await findAutomationInWorkspace(db, actor, automationId);
  const ws = await db.workspace.findUnique({ where: { id: actor.workspaceId }, select: { failureAlerts: true } });
  const settings = parseStoredAlerts(row.failureAlerts);
  const workspaceDefault = parseStoredAlerts(ws?.failureAlerts);
  return { automationId: row.id, settings, workspaceDefault, effective: effectiveAlerts(settings, workspaceDefault) };
}

/** Subscription ids must be event subscriptions of this workspace (an id from elsewhere reads as unknown). */
async function assertSubscriptions(tx: Tx, workspaceId: string, s: FailureAlertSettings | null): Promise<void> {
  const ids = s?.channels.subscriptionIds ?? [];
  if (ids.length === 0) return;
  const found = await tx.webhookSubscription.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((f) => f.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    const message = `channels.subscriptionIds: unknown event subscription ${unknown.join(", ")} (create it in Settings → Webhooks first)`;
    throw new AppError("BAD_REQUEST", `Invalid input — ${message}`, { issues: [{ field: "settings.channels.subscriptionIds", message }] });
  }
}

/** First configuration of a workspace (or again after it had none): the scan starts now. */
async function startCursor(tx: Tx, workspaceId: string, hadConfig: boolean, now: Date): Promise<void> {
  if (hadConfig) {
    const exists = await tx.failureAlertCursor.findUnique({ where: { workspaceId }, select: { workspaceId: true } });
    if (exists) return;
  }
  await tx.failureAlertCursor.upsert({ where: { workspaceId }, create: { workspaceId, scannedTo: now }, update: { scannedTo: now } });
}

export async function setWorkspaceFailureAlerts(actor: Actor, input: SetWorkspaceFailureAlertsInput, db: Db = getDb()): Promise<WorkspaceFailureAlerts> {
  assertCan(actor, "workspace:admin");
  const { settings } = parseInput(setWorkspaceFailureAlertsInput, input);
  return db.$transaction(async (tx) => {
    const ws = await tx.workspace.findUnique({ where: { id: actor.workspaceId }, select: { failureAlerts: true } });
    if (!ws) throw new AppError("NOT_FOUND", "Workspace not found");
    await assertSubscriptions(tx, actor.workspaceId, settings);
    const had = await hasAlertConfig(tx, actor.workspaceId);
    await tx.workspace.update({ where: { id: actor.workspaceId }, data: { failureAlerts: serializeAlerts(settings) } });
    if (settings !== null) await startCursor(tx, actor.workspaceId, had, new Date());
    await writeAudit(tx, actor, {
      action: "workspace.failure_alerts_changed",
      targetType: "workspace",
      targetId: actor.workspaceId,
      details: { from: parseStoredAlerts(ws.failureAlerts), to: settings },
    });
    return { settings };
  });
}

export async function setAutomationFailureAlerts(actor: Actor, input: SetAutomationFailureAlertsInput, db: Db = getDb()): Promise<AutomationFailureAlerts> {
  assertCan(actor, "automations:write");
  const { automationId, settings } = parseInput(setAutomationFailureAlertsInput, input);
  return db.$transaction(async (tx) => {
    const row = await findAutomationInWorkspace(tx, actor, automationId);
    assertNotArchived(row);
    await assertSubscriptions(tx, actor.workspaceId, settings);
    const had = await hasAlertConfig(tx, actor.workspaceId);
    await tx.automation.update({ where: { id: row.id }, data: { failureAlerts: serializeAlerts(settings) } });
    if (settings !== null) await startCursor(tx, actor.workspaceId, had, new Date());
    await writeAudit(tx, actor, {
      action: "automation.failure_alerts_changed",
      targetType: "automation",
      targetId: row.id,
      details: { from: parseStoredAlerts(row.failureAlerts), to: settings },
    });
    const ws = await tx.workspace.findUnique({ where: { id: actor.workspaceId }, select: { failureAlerts: true } });
    const workspaceDefault = parseStoredAlerts(ws?.failureAlerts);
    return { automationId: row.id, settings, workspaceDefault, effective: effectiveAlerts(settings, workspaceDefault) };
  });
}
