import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { publishVersion } from "@/server/services/versions/publish-version";
import { automationIdField } from "./fields";
import { parseInput } from "./input";
import { assertCan, findAutomationInWorkspace } from "./scope";
import { parseStoredConditions, parseStoredGraph } from "./serialize";
import { setAutomationStatus } from "./set-automation-status";
import type { AutomationDetail } from "./present";

export const enableAutomationInput = z.object({ id: automationIdField });

function canonical(graphText: string, conditionsText: string): string {
  return JSON.stringify([parseStoredGraph(graphText), parseStoredConditions(conditionsText)]);
}

/**
 * Seed 000's enable: publishes the draft when it differs from the published
 * version (or nothing is published yet), then activates the automation. A
 * draft with problems is refused (422, the problems listed) and nothing changes.
 */
export async function enableAutomation(actor: Actor, input: z.input<typeof enableAutomationInput>, db: Db = getDb()): Promise<AutomationDetail> {
  assertCan(actor, "automations:write");
  const { id } = parseInput(enableAutomationInput, input);
  const row = await findAutomationInWorkspace(db, actor, id);
  const published = row.publishedVersion === null ? null : await db.automationVersion.findFirst({ where: { automationId: id, number: row.publishedVersion }, select: { graph: true, conditions: true } });
  if (!published || canonical(published.graph, published.conditions) !== canonical(row.draftGraph, row.conditions)) {
    await publishVersion(actor, { automationId: id, note: "Published on enable (REST API)", draftRevision: row.draftRevision }, db);
  }
  return setAutomationStatus(actor, { id, status: "ACTIVE" }, db);
}
