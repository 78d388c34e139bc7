import type { DbOrTx } from "@/server/db";
import { getConnectionType, templateFields } from "@/lib/connections/catalog";
import { isConnectionHeader, outgoingHeaderSchema, type OutgoingHeader } from "@/lib/outgoing-webhooks/fields";
import { parsePublicValues, parseSealedSecrets } from "@/server/connections/sealed";
import { AppError } from "@/server/services/errors";
import { parseJson } from "@/server/engine/run-store-sql";

/** Stored form: JSON text of the header rows (connection values are never stored here, only references). */
export function encodeHeaders(rows: readonly OutgoingHeader[]): string {
  return JSON.stringify(rows.map((h) => (isConnectionHeader(h) ? { name: h.name, connectionId: h.connectionId, field: h.field } : { name: h.name, value: h.value })));
}

export function decodeHeaders(stored: string): OutgoingHeader[] {
  const list = parseJson(stored, []);
  if (!Array.isArray(list)) return [];
  return list.flatMap((row) => {
    const r = outgoingHeaderSchema.safeParse(row);
    return r.success ? [r.data] : [];
  });
}

/**
 * Header rows that reference connections must name a connection of this
 * workspace and one of its fields; reported per row (field "headers.<i>.connectionId" / ".field").
 */
export async function assertHeaderConnections(db: DbOrTx, workspaceId: string, rows: readonly OutgoingHeader[]): Promise<void> {
  const refs = rows.map((h, i) => ({ h, i })).filter((x): x is { h: Extract<OutgoingHeader, { connectionId: string }>; i: number } => isConnectionHeader(x.h));
  if (refs.length === 0) return;
  const ids = [...new Set(refs.map((r) => r.h.connectionId))];
  const conns = await db.connection.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true, type: true, values: true, secrets: true } });
  const issues: Array<{ field: string; message: string }> = [];
  for (const { h, i } of refs) {
    const c = conns.find((x) => x.id === h.connectionId);
    if (!c) {
      issues.push({ field: `headers.${i}.connectionId`, message: `header "${h.name}": no connection with id "${h.connectionId}" in this workspace` });
      continue;
    }
    const def = getConnectionType(c.type);
    const keys = [...Object.keys(parsePublicValues(c.values)), ...Object.keys(parseSealedSecrets(c.secrets))];
    const fields = def ? templateFields(def, keys) : keys;
    if (!fields.includes(h.field)) {
      issues.push({ field: `headers.${i}.field`, message: `header "${h.name}": connection "${c.name}" has no field "${h.field}" (it has: ${fields.join(", ") || "none"})` });
    }
  }
  if (issues.length > 0) throw new AppError("BAD_REQUEST", `Invalid input — ${issues.map((x) => `${x.field}: ${x.message}`).join("; ")}`, { issues });
}
