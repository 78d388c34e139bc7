import type { Connection } from "@/server/db/generated/sqlite/client";
import { getConnectionType } from "@/lib/connections/catalog";
import type { UserRef } from "@/server/services/automations/present";
import { parsePublicValues, parseSealedSecrets } from "@/server/connections/sealed";

/** A secret field as members see it: only that it is set, when and by whom ("•••• set on <date> by <who>"). */
export interface SecretFieldInfo {
  field: string;
  setAt: Date | null;
  setBy: UserRef | null;
}

/** What admins see beyond name and type: non-secret values, secret metadata, usage, last test. */
export interface ConnectionDetail {
  description: string;
  values: Record<string, string>;
  secrets: SecretFieldInfo[];
  usageCount: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: UserRef | null;
  updatedBy: UserRef | null;
  lastTest: { at: Date; ok: boolean; message: string } | null;
}

/**
 * A connection as tRPC (and later REST) returns it. Never a secret: specialists
 * get the name and type only (`detail: null`), admins the rest without secrets.
 */
export interface ConnectionInfo {
  id: string;
  name: string;
  type: string;
  typeLabel: string;
  detail: ConnectionDetail | null;
}

export type ConnectionRecord = Pick<
  Connection,
  "id" | "name" | "type" | "description" | "values" | "secrets" | "createdAt" | "updatedAt" | "createdById" | "updatedById" | "lastTestedAt" | "lastTestOk" | "lastTestMessage"
>;

/** User ids a list of connections mentions (creator, editor, whoever set a secret). */
export function mentionedUsers(rows: readonly ConnectionRecord[]): string[] {
  return rows.flatMap((r) => [r.createdById, r.updatedById, ...Object.values(parseSealedSecrets(r.secrets)).map((s) => s.setById)]).filter((id): id is string => !!id);
}

function ref(id: string | null, names: ReadonlyMap<string, string>): UserRef | null {
  return id && names.has(id) ? { id, name: names.get(id)! } : null;
}

export function presentConnection(row: ConnectionRecord, opts: { full: boolean; names: ReadonlyMap<string, string>; usageCount: number }): ConnectionInfo {
  const base = { id: row.id, name: row.name, type: row.type, typeLabel: getConnectionType(row.type)?.label ?? row.type };
  if (!opts.full) return { ...base, detail: null };
  const secrets = Object.entries(parseSealedSecrets(row.secrets)).map(([field, s]) => ({
    field,
    setAt: s.setAt ? new Date(s.setAt) : null,
    setBy: ref(s.setById, opts.names),
  }));
  return {
    ...base,
    detail: {
      description: row.description,
      values: parsePublicValues(row.values),
      secrets,
      usageCount: opts.usageCount,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      createdBy: ref(row.createdById, opts.names),
      updatedBy: ref(row.updatedById, opts.names),
      lastTest: row.lastTestedAt && row.lastTestOk !== null ? { at: row.lastTestedAt, ok: row.lastTestOk, message: row.lastTestMessage ?? "" } : null,
    },
  };
}
