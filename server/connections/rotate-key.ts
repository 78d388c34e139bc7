import type { Db, Tx } from "@/server/db";
import { openSecret, sealSecret, SecretBoxError } from "@/server/security/secret-box";
import { resealSecrets } from "./sealed";

/**
 * Every column that holds values sealed with ENCRYPTION_KEY, in ONE list: key
 * rotation walks exactly this list, and tests/connections/sealed-columns.test.ts
 * fails when prisma/schema.prisma gains a sealed column (a name ending in `Enc`,
 * a `secrets` column, or a field documented as sealed / encrypted) missing here.
 *
 * kind "value": the column is one sealed string (nullable or not).
 * kind "connection-secrets": JSON text { <field>: { enc, setAt, setById } } (server/connections/sealed.ts).
 * kind "embedded": text that ends with one sealed value after a marker (the outbox copy of a mail with a
 * personal link, server/integrations/mail/redact.ts: `\n\n[[switchyard-sealed v1.…]]`).
 */
interface SealedRow {
  id: string;
  sealed: string | null;
  /** names the owner in an error message */
  label: string;
}

export interface SealedColumn {
  table: string;
  column: string;
  kind: "value" | "connection-secrets" | "embedded";
  rows(tx: Tx): Promise<SealedRow[]>;
  write(tx: Tx, id: string, sealed: string): Promise<unknown>;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: "Connection",
    column: "secrets",
    kind: "connection-secrets",
    rows: async (tx) => (await tx.connection.findMany({ select: { id: true, name: true, secrets: true }, orderBy: { id: "asc" } })).map((r) => ({ id: r.id, sealed: r.secrets, label: r.name })),
    write: (tx, id, sealed) => tx.connection.update({ where: { id }, data: { secrets: sealed } }),
  },
  {
    table: "WebhookEndpoint",
    column: "secretEnc",
    kind: "value",
    rows: async (tx) =>
      (await tx.webhookEndpoint.findMany({ where: { secretEnc: { not: null } }, select: { id: true, automationId: true, secretEnc: true }, orderBy: { id: "asc" } })).map((r) => ({
        id: r.id,
        sealed: r.secretEnc,
        label: `The webhook secret of automation ${r.automationId}`,
      })),
    write: (tx, id, sealed) => tx.webhookEndpoint.update({ where: { id }, data: { secretEnc: sealed } }),
  },
  {
    table: "WebhookSubscription",
    column: "secretEnc",
    kind: "value",
    rows: async (tx) =>
      (await tx.webhookSubscription.findMany({ select: { id: true, url: true, secretEnc: true }, orderBy: { id: "asc" } })).map((r) => ({
        id: r.id,
        sealed: r.secretEnc,
        label: `The signing secret of the webhook subscription to ${r.url}`,
      })),
    write: (tx, id, sealed) => tx.webhookSubscription.update({ where: { id }, data: { secretEnc: sealed } }),
  },
  {
    table: "OutgoingWebhook",
    column: "secretEnc",
    kind: "value",
    rows: async (tx) =>
      (await tx.outgoingWebhook.findMany({ select: { id: true, name: true, secretEnc: true }, orderBy: { id: "asc" } })).map((r) => ({
        id: r.id,
        sealed: r.secretEnc,
        label: `The signing secret of the outgoing webhook "${r.name}"`,
      })),
    write: (tx, id, sealed) => tx.outgoingWebhook.update({ where: { id }, data: { secretEnc: sealed } }),
  },
  {
    table: "OutboxEmail",
    column: "text",
    kind: "embedded",
    rows: async (tx) =>
      (await tx.outboxEmail.findMany({ where: { text: { contains: EMBEDDED_OPEN } }, select: { id: true, subject: true, text: true }, orderBy: { id: "asc" } })).map((r) => ({
        id: r.id,
        sealed: r.text,
        label: `The sealed original of the outbox email "${r.subject}"`,
      })),
    write: (tx, id, sealed) => tx.outboxEmail.update({ where: { id }, data: { text: sealed } }),
  },
];

/** server/integrations/mail/redact.ts stores the original after this marker (tests/connections/connections.test.ts pins the format). */
const EMBEDDED_OPEN = "\n\n[[switchyard-sealed ";
const EMBEDDED_RE = /\n\n\[\[switchyard-sealed (v1\.[A-Za-z0-9_.-]+)\]\]$/;

export interface RotatedColumn {
  table: string;
  column: string;
  /** rows whose column was re-encrypted */
  rows: number;
  /** sealed values re-encrypted (a connection row holds one per secret field) */
  values: number;
}

export interface RotationResult {
  /** connections with at least one secret */
  connections: number;
  /** sealed values re-encrypted, every column together */
  secrets: number;
  /** per sealed column, in SEALED_COLUMNS order */
  tables: RotatedColumn[];
}

/** A stored secret that the current key cannot open: nothing was changed. */
export class RotationError extends Error {}

/**
 * Re-encrypts every stored secret (every column of SEALED_COLUMNS, every
 * workspace) from one key to another in ONE transaction: either all of them
 * are under the new key afterwards, or nothing changed. A value the old key
 * cannot open aborts the whole rotation with a message naming it.
 */
export async function rotateEncryptionKey(db: Db, from: Buffer, to: Buffer): Promise<RotationResult> {
  return db.$transaction(
    async (tx) => {
      const result: RotationResult = { connections: 0, secrets: 0, tables: [] };
      for (const col of SEALED_COLUMNS) {
        const done: RotatedColumn = { table: col.table, column: col.column, rows: 0, values: 0 };
        for (const row of await col.rows(tx)) {
          if (row.sealed === null || row.sealed === "") continue;
          let next: string;
          let count = 1;
          if (col.kind === "connection-secrets") {
            try {
              next = resealSecrets({ name: row.label, secrets: row.sealed }, from, to);
            } catch (err) {
              throw new RotationError(`${err instanceof Error ? err.message : String(err)} Nothing was re-encrypted.`);
            }
            count = Object.keys(JSON.parse(next) as object).length;
            if (count === 0) continue;
          } else if (col.kind === "embedded") {
            const m = EMBEDDED_RE.exec(row.sealed);
            if (!m) continue;
            try {
              next = `${row.sealed.slice(0, m.index)}${EMBEDDED_OPEN}${sealSecret(openSecret(m[1], from), to)}]]`;
            } catch (err) {
              if (!(err instanceof SecretBoxError)) throw err;
              throw new RotationError(`${row.label} cannot be decrypted with the current key (${col.table}.${col.column} ${row.id}). Nothing was re-encrypted.`);
            }
          } else {
            try {
              next = sealSecret(openSecret(row.sealed, from), to);
            } catch (err) {
              if (!(err instanceof SecretBoxError)) throw err;
              throw new RotationError(`${row.label} cannot be decrypted with the current key (${col.table}.${col.column} ${row.id}). Nothing was re-encrypted.`);
            }
          }
          await col.write(tx, row.id, next);
          done.rows += 1;
          done.values += count;
        }
        if (col.kind === "connection-secrets") result.connections += done.rows;
        result.secrets += done.values;
        result.tables.push(done);
      }
      return result;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
