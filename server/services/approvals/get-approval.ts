import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { assertCan } from "@/server/services/automations/scope";
import { parseInput } from "@/server/services/automations/input";
import type { Actor } from "@/server/services/errors";
import { requestIdField } from "./fields";
import { presentDetail, type ApprovalDetail } from "./present";
import { automationNames, findRequest, viewerOf } from "./scope";

export const getApprovalInput = z.object({ id: requestIdField });

/** One request with its approvers and every decision (who, when, comment, channel, IP). */
export async function getApproval(actor: Actor, input: z.input<typeof getApprovalInput>, db: Db = getDb()): Promise<ApprovalDetail> {
  assertCan(actor, "runs:read");
  const { id } = parseInput(getApprovalInput, input);
  const row = await findRequest(actor, id, db);
  const names = await automationNames(db, actor.workspaceId, [row.automationId]);
  return presentDetail(row, names.get(row.automationId) ?? "(deleted automation)", await viewerOf(actor, db));
}
