import type { DbOrTx } from "@/server/db";
import { Prisma } from "@/server/db/generated/sqlite/client";
import { NO_PAYLOAD, safeJson, type StepPayload } from "./normalize";

/**
 * Loads step request/response payloads without ever pulling a huge one into a
 * list: sizes are read first (SQL length(), portable across SQLite and
 * PostgreSQL), payloads up to `inlineLimit` characters are loaded, larger ones
 * are reported as omitted (runs.step returns them in full).
 */
interface SizeRow {
  id: string;
  requestSize: number | bigint | null;
  responseSize: number | bigint | null;
}

const CHUNK = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function loadStepPayloads(
  db: DbOrTx,
  runId: string,
  stepIds: string[],
  inlineLimit: number,
): Promise<Map<string, StepPayload>> {
  const result = new Map<string, StepPayload>();
  if (stepIds.length === 0) return result;
  const wanted = new Set(stepIds);

  // sizes of the wanted rows only (a page), never of every step of the run
  const sizes: SizeRow[] = [];
  for (const ids of chunks(stepIds, CHUNK)) {
    sizes.push(
      ...(await db.$queryRaw<SizeRow[]>`
        SELECT "id", length("request") AS "requestSize", length("response") AS "responseSize"
        FROM "StepRun" WHERE "runId" = ${runId} AND "id" IN (${Prisma.join(ids)})`),
    );
  }

  const loadRequest: string[] = [];
  const loadResponse: string[] = [];
  for (const row of sizes) {
    if (!wanted.has(row.id)) continue;
    const req = row.requestSize === null ? null : Number(row.requestSize);
    const res = row.responseSize === null ? null : Number(row.responseSize);
    const payload: StepPayload = { ...NO_PAYLOAD };
    if (req !== null) {
      if (req <= inlineLimit) loadRequest.push(row.id);
      else payload.requestOmitted = { omitted: true, bytes: req };
    }
    if (res !== null) {
      if (res <= inlineLimit) loadResponse.push(row.id);
      else payload.responseOmitted = { omitted: true, bytes: res };
    }
    result.set(row.id, payload);
  }

  for (const ids of chunks(loadRequest, CHUNK)) {
    const rows = await db.stepRun.findMany({ where: { runId, id: { in: ids } }, select: { id: true, request: true } });
    for (const r of rows) {
      const p = result.get(r.id);
      if (p) p.request = safeJson(r.request);
    }
  }
  for (const ids of chunks(loadResponse, CHUNK)) {
    const rows = await db.stepRun.findMany({ where: { runId, id: { in: ids } }, select: { id: true, response: true } });
    for (const r of rows) {
      const p = result.get(r.id);
      if (p) p.response = safeJson(r.response);
    }
  }
  return result;
}
