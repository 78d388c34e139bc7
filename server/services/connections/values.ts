import { getConnectionType } from "@/lib/connections/catalog";
import { normalizeConnectionValues, validateConnectionValues } from "@/lib/connections/validate";
import type { ConnectionTypeDefinition, ConnectionValues } from "@/lib/connections/types";
import { AppError } from "@/server/services/errors";

/** The type's definition and normalized values; BAD_REQUEST listing every field problem otherwise. */
export function checkValues(type: string, values: ConnectionValues, stored: ReadonlySet<string> = new Set()): { def: ConnectionTypeDefinition; values: ConnectionValues } {
  const def = getConnectionType(type);
  if (!def) throw new AppError("BAD_REQUEST", `Unknown connection type "${type}"`, { issues: [{ field: "type", message: "is not a connection type" }] });
  const normalized = normalizeConnectionValues(def, values);
  const issues = validateConnectionValues(def, normalized, stored);
  if (issues.length > 0) {
    throw new AppError("BAD_REQUEST", `Invalid input — ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`, { issues });
  }
  return { def, values: normalized };
}
