import { connectionFieldsOf, connectionRefsInText, stringsOf } from "../connections/refs";
import { getConnectionType } from "../connections/catalog";
import { inlineSecretsOf } from "../connections/inline-secrets";
import { acceptsSecretsAt, isRawConfigPath, type CatalogNodeType } from "../nodes/field-meta";
import type { GraphNode, GraphProblem } from "./schema";

/** What the validator needs to know of a stored connection (never its secrets). */
export interface KnownConnection {
  id: string;
  name: string;
  type: string;
  /** Fields a template may read ({{connections.<name>.<field>}}); unchecked when absent. */
  fields?: readonly string[];
}

/**
 * Connection problems of one node:
 *   errors:   connection_missing (the chosen connection was deleted), connection_type,
 *             secret_not_allowed ({{connections.*}} in a field that does not accept secrets),
 *             unknown_connection (a template names a connection or field that does not exist)
 *   warnings: inline_secret (a credential typed into the config: move it to a connection)
 * Existence checks run only when `known` is given (the workspace's connections).
 */
export function connectionProblems(node: GraphNode, def: CatalogNodeType, known?: readonly KnownConnection[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const config = (node.config ?? {}) as Record<string, unknown>;
  const add = (severity: "error" | "warning", code: string, field: string, message: string) =>
    problems.push({ nodeId: node.id, field, message: `"${node.name}": ${message}`, severity, code });

  for (const { field, types } of connectionFieldsOf(def)) {
    const id = config[field];
    if (typeof id !== "string" || id === "" || !known) continue;
    const label = def.fieldMeta[field]?.label ?? field;
    const conn = known.find((c) => c.id === id);
    if (!conn) {
      add("error", "connection_missing", field, `the connection chosen in "${label}" no longer exists (it was deleted); choose another connection`);
    } else if (types.length > 0 && !types.includes(conn.type)) {
      const wanted = types.map((t) => getConnectionType(t)?.label ?? t).join(" or ");
      add("error", "connection_type", field, `"${label}" needs a ${wanted} connection; "${conn.name}" is ${getConnectionType(conn.type)?.label ?? conn.type}`);
    }
  }

  const reported = new Set<string>();
  for (const s of stringsOf(config)) {
    if (isRawConfigPath(def.fieldMeta, s.path)) continue;
    const field = s.path.map(String).join(".");
    for (const ref of connectionRefsInText(s.text)) {
      const shown = `{{${ref.expression}}}`;
      const key = `${field}|${shown}`;
      if (reported.has(key)) continue;
      reported.add(key);
      if (!acceptsSecretsAt(def.fieldMeta, s.path)) {
        const allowed = Object.entries(def.fieldMeta).filter(([, m]) => m.secrets).map(([k, m]) => m.label ?? k);
        const where = allowed.length ? `only in ${allowed.join(", ")}` : "not in this step type";
        add("error", "secret_not_allowed", field, `${shown} in "${field}": secrets can be used ${where}, never in fields whose value is shown or stored`);
        continue;
      }
      if (!ref.name || !ref.field) {
        add("error", "unknown_connection", field, `${shown} in "${field}" must name a connection and a field, e.g. {{connections.stripe.api_key}}`);
        continue;
      }
      if (!known) continue;
      const conn = known.find((c) => c.name === ref.name);
      if (!conn) add("error", "unknown_connection", field, `${shown} in "${field}": no connection is named "${ref.name}"`);
      else if (conn.fields && !conn.fields.includes(ref.field)) {
        add("error", "unknown_connection", field, `${shown} in "${field}": connection "${conn.name}" has no field "${ref.field}" (it has: ${conn.fields.join(", ") || "none"})`);
      }
    }
  }

  for (const secret of inlineSecretsOf(node)) {
    const what = secret.kind === "slack_webhook" ? "the Slack webhook URL" : `${secret.kind === "header" ? "header" : "query parameter"} "${secret.name}"`;
    add("warning", "inline_secret", secret.field, `${what} is a secret typed into the step (stored in clear in every version); move it to a connection`);
  }
  return problems;
}
