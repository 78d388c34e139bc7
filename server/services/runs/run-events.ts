import type { DbOrTx } from "@/server/db";
import { assertCan } from "@/server/services/automations/scope";
import type { Actor } from "@/server/services/errors";
import { asRunStatus } from "./normalize";
import type { RunStatus } from "@/lib/statuses";

/** Status transitions listed inline in a run detail (the oldest first; the rest are counted). */
export const MAX_RUN_EVENTS = 200;

/** Who caused a transition, resolved for display. */
export type RunEventWho =
  | { kind: "user"; userId: string; name: string | null; email: string | null }
  | { kind: "engine" }
  | { kind: "token" }
  | { kind: "apiKey"; apiKeyId: string }
  | { kind: "run"; runId: string }
  | { kind: "system" }
  | { kind: "other"; raw: string };

/** One entry of a run's history (RunEvent): a status transition, when, who, why. */
export interface RunEventItem {
  id: string;
  at: Date;
  /** null when the run was created */
  fromStatus: RunStatus | null;
  toStatus: RunStatus;
  who: RunEventWho;
  reason: string | null;
}

export interface RunEventList {
  items: RunEventItem[];
  /** Events recorded beyond the inline list. */
  omitted: number;
}

function parseWho(actor: string): RunEventWho {
  const colon = actor.indexOf(":");
  const kind = colon < 0 ? actor : actor.slice(0, colon);
  const rest = colon < 0 ? "" : actor.slice(colon + 1);
  if (kind === "user" && rest.startsWith("api-key:")) return { kind: "apiKey", apiKeyId: rest.slice("api-key:".length) };
  if (kind === "user" && rest) return { kind: "user", userId: rest, name: null, email: null };
  if (kind === "engine") return { kind: "engine" };
  if (kind === "token") return { kind: "token" };
  if (kind === "run" && rest) return { kind: "run", runId: rest };
  if (kind === "system") return { kind: "system" };
  return { kind: "other", raw: actor };
}

interface EventRow {
  at: Date;
  fromStatus: string | null;
  toStatus: string;
}

/**
 * The history along the status chain. `at` is stamped when a statement is built, and a claim
 * that waited for the writer lock while a resume committed carries the time it started
 * waiting (a few ms before the resume's); transitions in the same millisecond tie and their
 * ids need not follow write order. So each next entry is the earliest remaining transition
 * that starts from the status the previous one reached (the earliest one when none does).
 */
export function chainTies<T extends EventRow>(input: T[]): T[] {
  const rows = [...input].sort((a, b) => a.at.getTime() - b.at.getTime());
  const out: T[] = [];
  while (rows.length > 0) {
    const prev = out[out.length - 1];
    let k = rows.findIndex((e) => e.fromStatus === (prev ? prev.toStatus : null));
    if (k < 0) k = 0;
    out.push(rows.splice(k, 1)[0]);
  }
  return out;
}

/**
 * The run's RunEvent rows, oldest first (first MAX_RUN_EVENTS). `user:<id>` is
 * resolved to the user's name and email only when that user is a member of the
 * run's workspace (nobody else's identity leaks through an event).
 */
export async function listRunEvents(db: DbOrTx, actor: Actor, runId: string): Promise<RunEventList> {
  assertCan(actor, "runs:read");
  const workspaceId = actor.workspaceId;
  const [rows, total] = await Promise.all([
    db.runEvent.findMany({
      where: { runId, workspaceId },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      take: MAX_RUN_EVENTS,
      select: { id: true, at: true, fromStatus: true, toStatus: true, actor: true, reason: true },
    }),
    db.runEvent.count({ where: { runId, workspaceId } }),
  ]);
  const items: RunEventItem[] = chainTies(rows).map((r) => ({
    id: r.id,
    at: r.at,
    fromStatus: r.fromStatus ? asRunStatus(r.fromStatus) : null,
    toStatus: asRunStatus(r.toStatus),
    who: parseWho(r.actor),
    reason: r.reason,
  }));
  const userIds = [...new Set(items.flatMap((e) => (e.who.kind === "user" ? [e.who.userId] : [])))];
  if (userIds.length > 0) {
    const users = await db.user.findMany({
      where: { id: { in: userIds }, memberships: { some: { workspaceId } } },
      select: { id: true, name: true, email: true },
    });
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const e of items) {
      if (e.who.kind !== "user") continue;
      const u = byId.get(e.who.userId);
      if (u) e.who = { kind: "user", userId: u.id, name: u.name, email: u.email };
    }
  }
  return { items, omitted: Math.max(0, total - rows.length) };
}
