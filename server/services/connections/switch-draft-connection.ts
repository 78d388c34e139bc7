import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { GraphNode } from "@/lib/graph/schema";
import { CONNECTIONS_ROOT, connectionFieldsOf, connectionTemplate } from "@/lib/connections/refs";
import { getConnectionType, templateFields } from "@/lib/connections/catalog";
import { getNodeType } from "@/lib/nodes/registry";
import { extractTemplateRefs } from "@/lib/templates/parse";
import { AppError, type Actor, type FieldIssue } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { automationIdField } from "@/server/services/automations/fields";
import { parseInput } from "@/server/services/automations/input";
import { assertCan, assertNotArchived, findAutomationInWorkspace } from "@/server/services/automations/scope";
import { parseStoredGraph, serializeGraph } from "@/server/services/automations/serialize";
import { parsePublicValues, parseSealedSecrets } from "@/server/connections/sealed";
import { connectionIdField } from "./fields";
import type { ConnectionRecord } from "./present";

export const switchDraftConnectionInput = z.object({
  automationId: automationIdField,
  /** The connection to replace; it may already be deleted (its id is still in the draft). */
  fromConnectionId: connectionIdField,
  /** The replacement; null removes the connection from the steps that pick it. */
  toConnectionId: connectionIdField.nullable(),
  /** When given, the draft must still be at this revision (the editor's optimistic check). */
  baseRevision: z.number({ error: "baseRevision must be a number" }).int().min(0).optional(),
});
export type SwitchDraftConnectionInput = z.input<typeof switchDraftConnectionInput>;

export interface SwitchDraftConnectionResult {
  automationId: string;
  draftRevision: number;
  /** Every place changed: step and config field. */
  changed: Array<{ nodeId: string; nodeName: string; field: string }>;
}

const loadConnection = (db: Pick<Db, "connection">, workspaceId: string, id: string) =>
  db.connection.findFirst({ where: { id, workspaceId }, select: { id: true, name: true, type: true, values: true, secrets: true } });

type Conn = Pick<ConnectionRecord, "id" | "name" | "type" | "values" | "secrets">;

function fieldsOf(conn: Conn): string[] {
  const def = getConnectionType(conn.type);
  if (!def) return [];
  return templateFields(def, [...Object.keys(parsePublicValues(conn.values)), ...Object.keys(parseSealedSecrets(conn.secrets))]);
}

/** Rewrites {{connections.<from>.<field>}} to the new name in every string of a value. */
function renameRefs(value: unknown, from: string, to: Conn, onRef: (field: string) => void): unknown {
  if (typeof value === "string") {
    const refs = extractTemplateRefs(value).filter((r) => !r.error && r.segments[0] === CONNECTIONS_ROOT && r.segments[1] === from);
    let out = value;
    for (const ref of [...refs].reverse()) {
      onRef(ref.segments[2] ?? "");
      out = out.slice(0, ref.start) + connectionTemplate(to.name, ref.segments[2] ?? "") + out.slice(ref.end);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, from, to, onRef));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameRefs(v, from, to, onRef)]));
  return value;
}

/**
 * Seed 001 "switch connections": every step of the draft that uses one
 * connection (picked in a connection field, or named in {{connections.*}}) is
 * pointed at another, in one transaction and only if every use can switch (the
 * new connection has a type each field accepts and the fields the templates
 * read); otherwise nothing changes and every problem is listed.
 */
export async function switchDraftConnection(actor: Actor, input: SwitchDraftConnectionInput, db: Db = getDb()): Promise<SwitchDraftConnectionResult> {
  assertCan(actor, "automations:write");
  assertCan(actor, "connections:read");
  const parsed = parseInput(switchDraftConnectionInput, input);
  return db.$transaction(async (tx) => {
    const automation = await findAutomationInWorkspace(tx, actor, parsed.automationId);
    assertNotArchived(automation);
    if (parsed.baseRevision !== undefined && parsed.baseRevision !== automation.draftRevision) {
      throw new AppError("CONFLICT", `The draft changed since you loaded it (your revision ${parsed.baseRevision}, current ${automation.draftRevision}); reload and try again`, {
        currentRevision: automation.draftRevision,
      });
    }
    const from = await loadConnection(tx, actor.workspaceId, parsed.fromConnectionId);
    const to = parsed.toConnectionId ? await loadConnection(tx, actor.workspaceId, parsed.toConnectionId) : null;
    if (parsed.toConnectionId && !to) throw new AppError("NOT_FOUND", "Connection not found", { id: parsed.toConnectionId, field: "toConnectionId" });
    const toFields = to ? fieldsOf(to) : [];

    const graph = parseStoredGraph(automation.draftGraph);
    const issues: FieldIssue[] = [];
    const changed: SwitchDraftConnectionResult["changed"] = [];
    const nodes: GraphNode[] = graph.nodes.map((node) => {
      const def = getNodeType(node.type);
      let config = { ...(node.config as Record<string, unknown>) };
      for (const { field, types } of def ? connectionFieldsOf(def) : []) {
        if (config[field] !== parsed.fromConnectionId) continue;
        if (to && types.length > 0 && !types.includes(to.type)) {
          issues.push({ field: `${node.id}.${field}`, message: `"${node.name}" accepts ${types.join(" or ")} connections in ${field}; "${to.name}" is ${to.type}` });
          continue;
        }
        config[field] = to ? to.id : "";
        changed.push({ nodeId: node.id, nodeName: node.name, field });
      }
      if (from) {
        let refs = 0;
        const renamed = to
          ? (renameRefs(config, from.name, to, (f) => {
              refs += 1;
              if (!toFields.includes(f)) issues.push({ field: node.id, message: `"${node.name}" reads {{connections.${from.name}.${f}}}, but "${to.name}" has no field "${f}"` });
            }) as Record<string, unknown>)
          : config;
        if (!to && JSON.stringify(config).includes(`${CONNECTIONS_ROOT}.${from.name}`)) {
          issues.push({ field: node.id, message: `"${node.name}" uses "${from.name}" in a template; choose a connection to switch to instead of removing it` });
        }
        if (refs > 0) {
          config = renamed;
          changed.push({ nodeId: node.id, nodeName: node.name, field: "templates" });
        }
      }
      return { ...node, config };
    });
    if (issues.length > 0) {
      throw new AppError("UNPROCESSABLE", `Nothing was switched: ${issues.map((i) => i.message).join("; ")}`, { issues });
    }
    if (changed.length === 0) {
      throw new AppError("UNPROCESSABLE", `The draft of "${automation.name}" does not use this connection; nothing to switch`);
    }
    const updated = await tx.automation.updateMany({
      where: { id: automation.id, workspaceId: actor.workspaceId, draftRevision: automation.draftRevision },
      data: { draftGraph: serializeGraph({ ...graph, nodes }), draftRevision: { increment: 1 }, updatedById: actor.userId },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "The draft was saved by someone else meanwhile; nothing was switched. Try again.");
    await writeAudit(tx, actor, {
      action: "automation.connections_switched",
      targetType: "automation",
      targetId: automation.id,
      details: { from: parsed.fromConnectionId, to: parsed.toConnectionId, changed: changed.length },
    });
    return { automationId: automation.id, draftRevision: automation.draftRevision + 1, changed };
  });
}
