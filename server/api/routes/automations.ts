import { z } from "zod";
import { AUTOMATION_STATUSES } from "@/lib/statuses";
import { getAutomation } from "@/server/services/automations/get-automation";
import { listAutomationsPage } from "@/server/services/automations/list-automations";
import { archiveAutomation } from "@/server/services/automations/archive-automation";
import { configureAutomation, configureAutomationFields, createConfiguredAutomation } from "@/server/services/automations/configure-automation";
import { enableAutomation } from "@/server/services/automations/enable-automation";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { triggerSettingsFields } from "@/server/services/automations/trigger-settings";
import { publishVersion } from "@/server/services/versions/publish-version";
import { listVersionsPage } from "@/server/services/versions/list-versions";
import { restoreVersion } from "@/server/services/versions/restore-version";
import { defineOperation } from "../operation";
import { listOf, pagingQuery } from "../paging";
import { automationSchema, automationSummarySchema, presentAutomation, presentAutomationSummary } from "../presenters/automation";
import { iso, registerSchema } from "../presenters/common";
import { failureAlertsInputSchema, setAutomationFailureAlertsFromRest } from "../presenters/failure-alerts";
import { automationParams, idParam } from "./params";

const TAG = "Automations";

const automationBody = z.strictObject({
  ...configureAutomationFields,
  trigger_type: triggerSettingsFields.trigger_type,
  enabled: z.boolean({ error: "enabled: true or false" }).optional().describe("true publishes the draft and activates the automation"),
});
const patchBody = automationBody.partial().extend({ failure_alerts: failureAlertsInputSchema.optional() });

const versionSchema = registerSchema(
  "Version",
  z.object({
    id: z.string(),
    number: z.number().int(),
    note: z.string(),
    published_at: z.string(),
    published_by: z.string().nullable(),
    is_published: z.boolean(),
  }),
);

const publishResultSchema = registerSchema(
  "PublishResult",
  z.object({
    automation_id: z.string(),
    version: z.number().int(),
    version_id: z.string(),
    published_at: z.string(),
    warnings: z.array(z.object({ message: z.string(), node_id: z.string().nullable() })),
  }),
);

async function enableIfAsked<T extends { id: string }>(ctx: { actor: Parameters<typeof enableAutomation>[0]; db: Parameters<typeof enableAutomation>[2] }, row: T, enabled: boolean | undefined) {
  if (enabled === true) return enableAutomation(ctx.actor, { id: row.id }, ctx.db);
  if (enabled === false) return setAutomationStatus(ctx.actor, { id: row.id, status: "PAUSED" }, ctx.db).catch(() => getAutomation(ctx.actor, { id: row.id }, ctx.db));
  return null;
}

export const automationOperations = [
  defineOperation({
    method: "GET",
    path: "/automations",
    operationId: "listAutomations",
    summary: "List automations",
    description: "Automations of the key's workspace, most recently updated first (archived ones only with status=archived).",
    tag: TAG,
    permission: "automations:read",
    query: z.strictObject({
      ...pagingQuery,
      status: z.enum(AUTOMATION_STATUSES.map((s) => s.toLowerCase()) as [string, ...string[]]).optional(),
      trigger_type: z.string().max(64).optional(),
      search: z.string().max(120).optional(),
    }),
    success: { status: 200, description: "A page of automations", schema: listOf(automationSummarySchema) },
    async handler({ actor, db, query }) {
      const page = await listAutomationsPage(
        actor,
        { status: query.status ? (query.status.toUpperCase() as (typeof AUTOMATION_STATUSES)[number]) : undefined, triggerType: query.trigger_type, search: query.search, limit: query.limit, cursor: query.cursor },
        db,
      );
      return { data: page.items.map(presentAutomationSummary), next_cursor: page.nextCursor };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations",
    operationId: "createAutomation",
    summary: "Create an automation",
    description: 'name and trigger_type are required. stage_changed needs stage_id; "form_submitted" is rejected (use form_completed). conditions: array or object form.',
    tag: TAG,
    permission: "automations:write",
    body: automationBody,
    idempotent: true,
    success: { status: 201, description: "The created automation", schema: automationSchema },
    errors: [422],
    async handler({ actor, db, body }) {
      const { enabled, ...fields } = body;
      const created = await createConfiguredAutomation(actor, fields, db);
      return presentAutomation((await enableIfAsked({ actor, db }, created, enabled)) ?? created);
    },
  }),
  defineOperation({
    method: "GET",
    path: "/automations/{automation_id}",
    operationId: "getAutomation",
    summary: "Get an automation with its trigger, conditions and actions",
    tag: TAG,
    permission: "automations:read",
    params: automationParams,
    success: { status: 200, description: "The automation", schema: automationSchema },
    errors: [404],
    handler: async ({ actor, db, params }) => presentAutomation(await getAutomation(actor, { id: params.automation_id }, db)),
  }),
  defineOperation({
    method: "PATCH",
    path: "/automations/{automation_id}",
    operationId: "updateAutomation",
    summary: "Update an automation",
    description:
      "Same writable fields as create; conditions: null removes all conditions. Changes apply to the draft; enable (or publish) makes them live. failure_alerts applies at once (no publish): null = the workspace default, { enabled: false } = off, or its own channels and digest_minutes.",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    body: patchBody,
    success: { status: 200, description: "The updated automation", schema: automationSchema },
    errors: [404, 409, 422],
    async handler({ actor, db, params, body }) {
      const { enabled, failure_alerts, ...fields } = body;
      const id = params.automation_id;
      if (failure_alerts !== undefined) await setAutomationFailureAlertsFromRest(actor, id, failure_alerts, db);
      const hasFields = Object.values(fields).some((v) => v !== undefined);
      const updated = hasFields ? await configureAutomation(actor, { id, ...fields }, db) : await getAutomation(actor, { id }, db);
      return presentAutomation((await enableIfAsked({ actor, db }, updated, enabled)) ?? updated);
    },
  }),
  defineOperation({
    method: "DELETE",
    path: "/automations/{automation_id}",
    operationId: "deleteAutomation",
    summary: "Delete (archive) an automation",
    description: "Archives the automation: it stops running and leaves lists; its runs and versions are kept. Answers 204.",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    success: { status: 204, description: "Archived" },
    errors: [404],
    async handler({ actor, db, params }) {
      await archiveAutomation(actor, { id: params.automation_id }, db);
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/enable",
    operationId: "enableAutomation",
    summary: "Enable an automation",
    description: "Publishes the draft when it changed since the last version, then activates the automation.",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    success: { status: 200, description: "The enabled automation", schema: automationSchema },
    errors: [404, 409, 422],
    handler: async ({ actor, db, params }) => presentAutomation(await enableAutomation(actor, { id: params.automation_id }, db)),
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/disable",
    operationId: "disableAutomation",
    summary: "Disable an automation",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    success: { status: 200, description: "The disabled automation", schema: automationSchema },
    errors: [404, 409, 422],
    async handler({ actor, db, params }) {
      const current = await getAutomation(actor, { id: params.automation_id }, db);
      if (current.status !== "ACTIVE") return presentAutomation(current);
      return presentAutomation(await setAutomationStatus(actor, { id: params.automation_id, status: "PAUSED" }, db));
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/publish",
    operationId: "publishAutomation",
    summary: "Publish the draft as a new version",
    description: "A creating POST: an Idempotency-Key replays the first answer (the same version) instead of publishing again; the same key with another body → 422.",
    tag: TAG,
    permission: "automations:write",
    params: automationParams,
    body: z.strictObject({ note: z.string().max(500, "note: at most 500 characters").optional(), draft_revision: z.number().int().min(0).optional() }),
    idempotent: true,
    success: { status: 201, description: "The new version", schema: publishResultSchema },
    errors: [404, 409, 422],
    async handler({ actor, db, params, body }) {
      const r = await publishVersion(actor, { automationId: params.automation_id, note: body.note, draftRevision: body.draft_revision }, db);
      return {
        automation_id: r.automationId,
        version: r.number,
        version_id: r.versionId,
        published_at: iso(r.publishedAt),
        warnings: r.warnings.map((w) => ({ message: w.message, node_id: w.nodeId ?? null })),
      };
    },
  }),
  defineOperation({
    method: "GET",
    path: "/automations/{automation_id}/versions",
    operationId: "listAutomationVersions",
    summary: "List published versions, newest first",
    tag: TAG,
    permission: "automations:read",
    params: automationParams,
    query: z.strictObject(pagingQuery),
    success: { status: 200, description: "A page of versions", schema: listOf(versionSchema) },
    errors: [404],
    async handler({ actor, db, params, query }) {
      const list = await listVersionsPage(actor, { automationId: params.automation_id, limit: query.limit, cursor: query.cursor }, db);
      return {
        next_cursor: list.nextCursor,
        data: list.items.map((v) => ({ id: v.id, number: v.number, note: v.note, published_at: iso(v.publishedAt), published_by: v.publishedBy?.name ?? null, is_published: v.isPublished })),
      };
    },
  }),
  defineOperation({
    method: "POST",
    path: "/automations/{automation_id}/versions/{version}/restore",
    operationId: "restoreAutomationVersion",
    summary: "Copy a version back into the draft",
    tag: TAG,
    permission: "automations:write",
    params: z.strictObject({ automation_id: idParam("automation_id"), version: z.coerce.number().int("version: a version number").min(1, "version: a version number") }),
    success: { status: 200, description: "The automation with the restored draft", schema: automationSchema },
    errors: [404, 409],
    async handler({ actor, db, params }) {
      await restoreVersion(actor, { automationId: params.automation_id, number: params.version }, db);
      return presentAutomation(await getAutomation(actor, { id: params.automation_id }, db));
    },
  }),
];

