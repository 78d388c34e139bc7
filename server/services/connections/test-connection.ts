import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError, type Actor } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { ConnectionUnreadableError, openConnection } from "@/server/connections/sealed";
import { testConnection, testUnavailableReason, type ConnectionTestResult } from "@/server/connections/test";
import { connectionIdField } from "./fields";
import { findConnectionInWorkspace } from "./scope";

export const testConnectionInput = z.object({ id: connectionIdField });
export type TestConnectionInput = z.input<typeof testConnectionInput>;

/** "Test connection": tries the stored credentials against their service (no message sent, no data changed there) and records the outcome. */
export async function runConnectionTest(actor: Actor, input: TestConnectionInput, db: Db = getDb()): Promise<ConnectionTestResult & { testedAt: Date }> {
  assertCan(actor, "connections:write");
  const { id } = parseInput(testConnectionInput, input);
  const row = await findConnectionInWorkspace(db, actor, id);
  let opened: ReturnType<typeof openConnection>;
  try {
    opened = openConnection(row);
  } catch (err) {
    if (err instanceof ConnectionUnreadableError) throw new AppError("UNPROCESSABLE", err.message);
    throw err;
  }
  const conn = { id: row.id, name: row.name, type: row.type, values: opened.values, secrets: opened.secrets };
  const unavailable = testUnavailableReason(conn);
  if (unavailable) throw new AppError("UNPROCESSABLE", unavailable);
  const result = await testConnection(conn);
  const testedAt = new Date();
  await db.connection.updateMany({ where: { id: row.id, workspaceId: actor.workspaceId }, data: { lastTestedAt: testedAt, lastTestOk: result.ok, lastTestMessage: result.message } });
  return { ...result, testedAt };
}
