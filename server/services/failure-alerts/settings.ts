import type { DbOrTx } from "@/server/db";
import { parseStoredAlerts, type FailureAlertSettings } from "@/lib/failure-alerts/settings";

/**
 * Failure-alert settings (issue 14 item 5): the zod schema lives in lib/ (the
 * settings forms use it too); this file adds what the services and the scanner
 * need on top of the database.
 *
 *   { enabled, channels: { inApp, emails[], subscriptionIds[] }, digestMinutes: 0 | 5..1440 }
 *
 * Workspace.failureAlerts: the default (null = off). Automation.failureAlerts:
 * null = the workspace default; its own settings otherwise (enabled:false mutes it).
 */
export {
  failureAlertSettingsSchema,
  parseStoredAlerts,
  serializeAlerts,
  effectiveAlerts,
  type FailureAlertSettings,
  type FailureAlertSettingsInput,
} from "@/lib/failure-alerts/settings";

/** The workspace default and every automation override of a workspace (archived automations too: their runs may still fail). */
export async function loadWorkspaceAlerts(
  db: DbOrTx,
  workspaceId: string,
): Promise<{ workspace: FailureAlertSettings | null; automations: Map<string, FailureAlertSettings | null>; configured: boolean }> {
  const [ws, rows] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { failureAlerts: true } }),
    db.automation.findMany({ where: { workspaceId, failureAlerts: { not: null } }, select: { id: true, failureAlerts: true } }),
  ]);
  const automations = new Map(rows.map((r) => [r.id, parseStoredAlerts(r.failureAlerts)]));
  return { workspace: parseStoredAlerts(ws?.failureAlerts), automations, configured: ws?.failureAlerts != null || rows.length > 0 };
}

/** Whether the workspace has any failure-alert setting stored (the scanner looks only at those). */
export async function hasAlertConfig(db: DbOrTx, workspaceId: string): Promise<boolean> {
  const [ws, one] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { failureAlerts: true } }),
    db.automation.findFirst({ where: { workspaceId, failureAlerts: { not: null } }, select: { id: true } }),
  ]);
  return ws?.failureAlerts != null || one !== null;
}
