import { z } from "zod";
import { getDb, type DbOrTx } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { automationIdField } from "./fields";
import { parseInput } from "./input";
import { maskInlineSecrets } from "@/lib/connections/inline-secrets";
import { actorCan } from "@/server/auth/actor";
import { assertCan, findAutomationInWorkspace, userNames } from "./scope";
import { toAutomationDetail, type AutomationDetail } from "./present";

export const getAutomationInput = z.object({ id: automationIdField });
export type GetAutomationInput = z.input<typeof getAutomationInput>;

/** One automation with its draft graph, draft revision and conditions. */
export async function getAutomation(actor: Actor, input: GetAutomationInput, db: DbOrTx = getDb()): Promise<AutomationDetail> {
  assertCan(actor, "automations:read");
  const { id } = parseInput(getAutomationInput, input);
  const row = await findAutomationInWorkspace(db, actor, id);
  const names = await userNames(db, [row.updatedById]);
  const detail = toAutomationDetail(row, names);
  // Secrets typed into steps before connections existed: editors see them (to move them), read-only viewers never do.
  return actorCan(actor, "automations:write") ? detail : { ...detail, draftGraph: maskInlineSecrets(detail.draftGraph) };
}
