import type { Connection } from "@/server/db/generated/sqlite/client";
import { openSecret, sealSecret, SecretBoxError } from "@/server/security/secret-box";
import { getConnectionType } from "@/lib/connections/catalog";
import type { ConnectionValues } from "@/lib/connections/types";

/**
 * How a Connection row holds its fields: non-secret values as JSON text, every
 * secret sealed on its own (AES-256-GCM, a fresh nonce per value) with when and
 * by whom it was set. Nothing here returns a secret to a caller outside the server.
 */
export interface SealedSecret {
  enc: string;
  setAt: string;
  setById: string | null;
}
export type SealedSecrets = Record<string, SealedSecret>;

export type ConnectionRow = Pick<Connection, "id" | "name" | "type" | "values" | "secrets">;

/** The row's secrets could not be opened: ENCRYPTION_KEY differs from the one they were sealed with, or the row was altered. */
export class ConnectionUnreadableError extends Error {
  constructor(readonly connectionName: string) {
    super(
      `Connection "${connectionName}" cannot be decrypted: ENCRYPTION_KEY is not the key its secrets were saved with (or the stored value was altered). ` +
        "Restore the previous key, or replace the connection's secrets in Settings → Connections.",
    );
    this.name = "ConnectionUnreadableError";
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function parsePublicValues(text: string): ConnectionValues {
  const out: ConnectionValues = {};
  for (const [k, v] of Object.entries(parseObject(text))) if (typeof v === "string") out[k] = v;
  return out;
}

export function parseSealedSecrets(text: string): SealedSecrets {
  const out: SealedSecrets = {};
  for (const [k, v] of Object.entries(parseObject(text))) {
    const s = v as Partial<SealedSecret> | null;
    if (s && typeof s.enc === "string") out[k] = { enc: s.enc, setAt: typeof s.setAt === "string" ? s.setAt : "", setById: typeof s.setById === "string" ? s.setById : null };
  }
  return out;
}

/** Splits submitted values by the type's secret flags: public values in clear, secrets sealed. */
export function splitAndSeal(
  type: string,
  values: ConnectionValues,
  by: { userId: string | null; at: Date },
  key?: Buffer,
): { publicValues: ConnectionValues; sealed: SealedSecrets } {
  const def = getConnectionType(type);
  const publicValues: ConnectionValues = {};
  const sealed: SealedSecrets = {};
  for (const [field, value] of Object.entries(values)) {
    const secret = def?.keyValue || def?.fields.find((f) => f.name === field)?.secret;
    if (secret) {
      if (value !== "") sealed[field] = { enc: key ? sealSecret(value, key) : sealSecret(value), setAt: by.at.toISOString(), setById: by.userId };
    } else publicValues[field] = value;
  }
  return { publicValues, sealed };
}

/** Every value of a connection, secrets decrypted (server only: steps, tests of the connection). */
export function openConnection(row: ConnectionRow, key?: Buffer): { values: ConnectionValues; secrets: string[] } {
  const values = parsePublicValues(row.values);
  const secrets: string[] = [];
  for (const [field, sealed] of Object.entries(parseSealedSecrets(row.secrets))) {
    try {
      values[field] = key ? openSecret(sealed.enc, key) : openSecret(sealed.enc);
    } catch (err) {
      if (err instanceof SecretBoxError) throw new ConnectionUnreadableError(row.name);
      throw err;
    }
    if (values[field] !== "") secrets.push(values[field]);
  }
  return { values, secrets };
}

/** Re-seals every secret of a row from one key to another (key rotation). */
export function resealSecrets(row: Pick<ConnectionRow, "name" | "secrets">, from: Buffer, to: Buffer): string {
  const out: SealedSecrets = {};
  for (const [field, sealed] of Object.entries(parseSealedSecrets(row.secrets))) {
    let plain: string;
    try {
      plain = openSecret(sealed.enc, from);
    } catch (err) {
      if (err instanceof SecretBoxError) throw new ConnectionUnreadableError(row.name);
      throw err;
    }
    out[field] = { ...sealed, enc: sealSecret(plain, to) };
  }
  return JSON.stringify(out);
}
