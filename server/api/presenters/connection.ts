import { z } from "zod";
import type { ConnectionInfo } from "@/server/services/connections/present";
import type { ConnectionUsage } from "@/server/services/connections/usage";
import { iso, isoOrNull, registerSchema } from "./common";

/**
 * REST shape of a connection (seed 001). Secret fields are write-only: only
 * their names and when they were set appear, never a value. Keys without
 * connections:write see name and type only (as members do in the app).
 */
export const connectionSchema = registerSchema(
  "Connection",
  z.object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    type_label: z.string(),
    description: z.string().nullable(),
    values: z.record(z.string(), z.string()).nullable().describe("Non-secret fields; null without connections:write"),
    secret_fields: z.array(z.object({ field: z.string(), set_at: z.string().nullable() })).nullable().describe("Secret fields that are set (values are never returned)"),
    usage_count: z.number().int().nullable(),
    last_test: z.object({ at: z.string(), ok: z.boolean(), message: z.string() }).nullable(),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
  }),
);

export const connectionUsageSchema = registerSchema(
  "ConnectionUsage",
  z.object({
    automation_id: z.string(),
    automation_name: z.string(),
    status: z.string(),
    draft_actions: z.array(z.object({ id: z.string(), name: z.string() })),
    versions: z.array(z.number().int()),
  }),
);

export function presentConnectionInfo(c: ConnectionInfo): z.input<typeof connectionSchema> {
  const d = c.detail;
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    type_label: c.typeLabel,
    description: d?.description ?? null,
    values: d?.values ?? null,
    secret_fields: d ? d.secrets.map((s) => ({ field: s.field, set_at: isoOrNull(s.setAt) })) : null,
    usage_count: d?.usageCount ?? null,
    last_test: d?.lastTest ? { at: iso(d.lastTest.at), ok: d.lastTest.ok, message: d.lastTest.message } : null,
    created_at: d ? iso(d.createdAt) : null,
    updated_at: d ? iso(d.updatedAt) : null,
  };
}

export function presentConnectionUsage(u: ConnectionUsage): z.input<typeof connectionUsageSchema> {
  return { automation_id: u.automationId, automation_name: u.automationName, status: u.status.toLowerCase(), draft_actions: u.draftNodes, versions: u.versions };
}
