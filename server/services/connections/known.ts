import type { DbOrTx } from "@/server/db";
import type { KnownConnection } from "@/lib/graph/validate-connections";
import { getConnectionType, templateFields } from "@/lib/connections/catalog";
import { parsePublicValues, parseSealedSecrets } from "@/server/connections/sealed";

/** The workspace's connections as graph validation sees them: id, name, type and readable field names (no values). */
export async function knownConnections(db: DbOrTx, workspaceId: string): Promise<KnownConnection[]> {
  const rows = await db.connection.findMany({ where: { workspaceId }, select: { id: true, name: true, type: true, values: true, secrets: true } });
  return rows.map((r) => {
    const def = getConnectionType(r.type);
    const keys = [...Object.keys(parsePublicValues(r.values)), ...Object.keys(parseSealedSecrets(r.secrets))];
    return { id: r.id, name: r.name, type: r.type, fields: def ? templateFields(def, keys) : keys };
  });
}
