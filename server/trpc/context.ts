import "server-only";
import { dbReady, type Db } from "@/server/db";
import { readAuthSession } from "@/server/auth/read-session";
import { claimsOf, resolveSessionUser } from "@/server/auth/session";
import { clientIpFromHeaders } from "@/server/security/client-ip";
import type { TrpcContext } from "./init";

export interface CreateContextOptions {
  headers: Headers;
  /** Tests pass their database; the app uses the process-wide client. */
  db?: Db;
}

/**
 * tRPC context for one request: the session from the next-auth cookie, then
 * re-checked in the DB (membership must still exist; the DB's role wins).
 */
export async function createContext({ headers, db }: CreateContextOptions): Promise<TrpcContext> {
  const client = db ?? (await dbReady());
  const authSession = await readAuthSession(headers);
  const session = await resolveSessionUser(client, claimsOf(authSession));
  return { db: client, session, clientIp: clientIpFromHeaders(headers) };
}
