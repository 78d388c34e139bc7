import type { Db } from "@/server/db";
import { fatal, type ConnectionResolver, type StepConnection } from "@/server/engine/contract";
import { getConnectionType } from "@/lib/connections/catalog";
import { ConnectionUnreadableError, openConnection, type ConnectionRow } from "./sealed";

const SELECT = { id: true, name: true, type: true, values: true, secrets: true } as const;

function typeLabel(type: string): string {
  return getConnectionType(type)?.label ?? type;
}

function decrypt(row: ConnectionRow): StepConnection {
  try {
    const { values, secrets } = openConnection(row);
    return { id: row.id, name: row.name, type: row.type, values, secrets };
  } catch (err) {
    if (err instanceof ConnectionUnreadableError) throw fatal(err.message, "CONNECTION_UNREADABLE");
    throw err;
  }
}

/**
 * Connections for steps: looked up in the step's workspace only, decrypted in
 * this process for the duration of one step (never cached, never recorded).
 */
export function createConnectionResolver(db: Db): ConnectionResolver {
  return {
    async byId(workspaceId, id, types) {
      const row = await db.connection.findFirst({ where: { id, workspaceId }, select: SELECT });
      if (!row) {
        throw fatal("The connection this step uses no longer exists (it was deleted). Choose another connection in the step and publish again.", "CONNECTION_NOT_FOUND", { connectionId: id });
      }
      if (types.length > 0 && !types.includes(row.type)) {
        const wanted = types.map(typeLabel).join(" or ");
        throw fatal(`Connection "${row.name}" is ${typeLabel(row.type)}; this step needs ${wanted}.`, "CONNECTION_TYPE", { connectionId: id });
      }
      return decrypt(row);
    },
    async byNames(workspaceId, names) {
      const unique = [...new Set(names)];
      if (unique.length === 0) return [];
      const rows = await db.connection.findMany({ where: { workspaceId, name: { in: unique } }, select: SELECT });
      const missing = unique.filter((n) => !rows.some((r) => r.name === n));
      if (missing.length > 0) {
        throw fatal(`No connection is named ${missing.map((n) => `"${n}"`).join(", ")} in this workspace (used as {{connections.<name>.…}}). Create it in Settings → Connections or fix the name.`, "CONNECTION_NOT_FOUND");
      }
      return rows.map(decrypt);
    },
  };
}
