import { z } from "zod";
import { listConnections } from "@/server/services/connections/list-connections";
import { getConnection } from "@/server/services/connections/get-connection";
import { createConnection } from "@/server/services/connections/create-connection";
import { updateConnection } from "@/server/services/connections/update-connection";
import { deleteConnection } from "@/server/services/connections/delete-connection";
import { getConnectionUsage } from "@/server/services/connections/connection-usage";
import { switchDraftConnection } from "@/server/services/connections/switch-draft-connection";
import { runConnectionTest } from "@/server/services/connections/test-connection";
import { CONNECTION_TYPE_IDS } from "@/lib/connections/catalog";
import { defineOperation } from "../operation";
import { listOf, pageList, pagingQuery } from "../paging";
import { connectionSchema, connectionUsageSchema, presentConnectionInfo, presentConnectionUsage } from "../presenters/connection";
import { registerSchema } from "../presenters/common";
import { automationParams, idParam } from "./params";

const TAG = "Connections";
const connectionParams = z.strictObject({ connection_id: idParam("connection_id") });
const values = z.record(z.string().max(64), z.string().max(10_000)).describe("Field → text; secret fields are write-only (never returned); a secret sent as \"\" keeps its value");

const testResultSchema = registerSchema(
  "ConnectionTestResult",
  z.object({
    ok: z.boolean().describe("true: the service accepted the credentials"),
    message: z.string().describe("What happened, never containing a secret"),
    tested_at: z.string().describe("ISO 8601; also stored on the connection (last test)"),
  }),
);

const switchResultSchema = registerSchema(
  "ConnectionSwitchResult",
  z.object({ automation_id: z.string(), draft_revision: z.number().int(), changed: z.array(z.object({ action_id: z.string(), action_name: z.string(), field: z.string() })) }),
);

export const connectionOperations = [
  defineOperation({
    method: "GET",
    path: "/connections",
    operationId: "listConnections",
    summary: "List connections (secrets never included)",
    tag: TAG,
    permission: "connections:read",
    query: z.strictObject({ ...pagingQuery, type: z.enum(CONNECTION_TYPE_IDS).optional() }),
    success: { status: 200, description: "A page of connections", schema: listOf(connectionSchema) },
    async handler({ actor, db, query }) {
      const rows = (await listConnections(actor, {}, db)).filter((c) => !query.type || c.type === query.type);
      const { page, next_cursor } = pageList(rows, (c) => c.id, query.limit, query.cursor);
      return { data: page.map(presentConnectionInfo), next_cursor };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/connections",
    operationId: "createConnection",
    summary: "Create a connection; its secret fields are sealed and never returned",
    tag: TAG,
    permission: "connections:write",
    body: z.strictObject({ name: z.string().min(1).max(80), type: z.enum(CONNECTION_TYPE_IDS), description: z.string().max(500).optional(), values }),
    idempotent: true,
    success: { status: 201, description: "The connection", schema: connectionSchema },
    errors: [409],
    handler: async ({ actor, db, body }) => presentConnectionInfo(await createConnection(actor, body, db)),
  }),
  defineOperation({
    method: "GET",
    path: "/connections/{connection_id}",
    operationId: "getConnection",
    summary: "Get a connection (secrets never included)",
    tag: TAG,
    permission: "connections:read",
    params: connectionParams,
    success: { status: 200, description: "The connection", schema: connectionSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentConnectionInfo(await getConnection(actor, { id: params.connection_id }, db)),
  }),
  defineOperation({
    method: "PATCH",
    path: "/connections/{connection_id}",
    operationId: "updateConnection",
    summary: "Update a connection: name, description, values (secrets replaced, never read back)",
    description: "Renaming is refused (409) while a template names the connection ({{connections.<name>.…}}).",
    tag: TAG,
    permission: "connections:write",
    params: connectionParams,
    body: z.strictObject({ name: z.string().min(1).max(80).optional(), description: z.string().max(500).optional(), values: values.optional(), remove_keys: z.array(z.string().max(64)).max(60).optional() }),
    success: { status: 200, description: "The connection", schema: connectionSchema },
    errors: [404, 409],
    async handler({ actor, db, params, body }) {
      const { remove_keys, ...rest } = body;
      return presentConnectionInfo(await updateConnection(actor, { id: params.connection_id, ...rest, removeKeys: remove_keys }, db));
    },
  }),
  defineOperation({
    method: "DELETE",
    path: "/connections/{connection_id}",
    operationId: "deleteConnection",
    summary: "Delete a connection and its secrets",
    description: "While automations use it: 409 with details.usage, unless ?confirm=true.",
    tag: TAG,
    permission: "connections:write",
    params: connectionParams,
    query: z.strictObject({ confirm: z.enum(["true", "false"]).optional() }),
    success: { status: 204, description: "Deleted" },
    errors: [404, 409],
    async handler({ actor, db, params, query }) {
      await deleteConnection(actor, { id: params.connection_id, confirm: query.confirm === "true" }, db);
    },
  }),
  defineOperation({
    method: "POST",
    path: "/connections/{connection_id}/test",
    operationId: "testConnection",
    summary: "Test a connection against its service (nothing is sent or changed there); the outcome is stored as its last test",
    description:
      "HTTP auth types GET their Test URL with the credentials (2xx/3xx: ok; 401/403: refused); Slack webhooks post an empty payload (Slack's 400 no_text: ok); SMTP connects and logs in. " +
      "A refusal is 200 with ok false; 422 when the type cannot be tested or an HTTP connection has no Test URL.",
    tag: TAG,
    permission: "connections:write",
    params: connectionParams,
    success: { status: 200, description: "The outcome", schema: testResultSchema },
    errors: [404, 422],
    async handler({ actor, db, params }) {
      const r = await runConnectionTest(actor, { id: params.connection_id }, db);
      return { ok: r.ok, message: r.message, tested_at: r.testedAt.toISOString() };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/connections/{connection_id}/usage",
    operationId: "getConnectionUsage",
    summary: "Count and trace a connection's usage (automations, draft actions, published versions)",
    tag: TAG,
    permission: "connections:read",
    params: connectionParams,
    success: { status: 200, description: "Usage", schema: z.object({ id: z.string(), count: z.number().int(), automations: z.array(connectionUsageSchema) }) },
    errors: [404],
    async handler({ actor, db, params }) {
      const u = await getConnectionUsage(actor, { id: params.connection_id }, db);
      return { id: u.id, count: u.count, automations: u.automations.map(presentConnectionUsage) };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/connections/switch",
    operationId: "switchDraftConnection",
    summary: "Point every draft action that uses one connection at another, atomically",
    description: "All uses switch or none (every problem listed, 422). to_connection_id null removes the connection from the actions that pick it.",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    body: z.strictObject({ from_connection_id: idParam("from_connection_id"), to_connection_id: idParam("to_connection_id").nullable(), draft_revision: z.number().int().min(0).optional() }),
    success: { status: 200, description: "What changed", schema: switchResultSchema },
    errors: [404, 409, 422],
    async handler({ actor, db, params, body }) {
      const r = await switchDraftConnection(actor, { automationId: params.automation_id, fromConnectionId: body.from_connection_id, toConnectionId: body.to_connection_id, baseRevision: body.draft_revision }, db);
      return { automation_id: r.automationId, draft_revision: r.draftRevision, changed: r.changed.map((c) => ({ action_id: c.nodeId, action_name: c.nodeName, field: c.field })) };
    },
  }),
];
