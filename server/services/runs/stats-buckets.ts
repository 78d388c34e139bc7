import { Prisma } from "@/server/db/generated/sqlite/client";
import { providerOfDb, type Db, type DbOrTx } from "@/server/db";

/**
 * Day buckets for run statistics in a time zone, as one SQL expression that
 * works on SQLite and PostgreSQL. A zone's UTC offset changes at DST
 * transitions, so the range is cut into segments of constant offset (computed
 * here with Intl) and the bucket expression picks the segment's offset with a
 * CASE: the local calendar day of every row, in one GROUP BY, DST-correct.
 */

const { sql, join, raw } = Prisma;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** UTC offset of `zone` at `at`, in minutes (UTC+2 → 120). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset", year: "numeric" }).formatToParts(at);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -minutes : minutes;
}

/** A period of constant UTC offset: from `startMs` (inclusive) to the next segment. */
export interface OffsetSegment {
  startMs: number;
  offsetMinutes: number;
}

/** How the caller's days are cut: a fixed offset or an IANA zone. */
export type DayZone = { kind: "offset"; minutes: number } | { kind: "zone"; name: string };

function offsetAt(zone: DayZone, ms: number): number {
  return zone.kind === "offset" ? zone.minutes : zoneOffsetMinutes(zone.name, new Date(ms));
}

/** Local calendar day (YYYY-MM-DD) of an instant. */
export function localDay(zone: DayZone, ms: number): string {
  return new Date(ms + offsetAt(zone, ms) * 60_000).toISOString().slice(0, 10);
}

/** The UTC instant of local midnight starting `day` (YYYY-MM-DD). */
export function localMidnight(zone: DayZone, day: string): number {
  const wall = Date.parse(`${day}T00:00:00.000Z`);
  let guess = wall - offsetAt(zone, wall) * 60_000;
  guess = wall - offsetAt(zone, guess) * 60_000;
  return guess;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Offset segments covering [fromMs, toMs): hourly probes, each transition found to the minute. */
export function offsetSegments(zone: DayZone, fromMs: number, toMs: number): OffsetSegment[] {
  const first = offsetAt(zone, fromMs);
  const segments: OffsetSegment[] = [{ startMs: fromMs, offsetMinutes: first }];
  if (zone.kind === "offset") return segments;
  let prevMs = fromMs;
  let prev = first;
  for (let t = fromMs + HOUR_MS; t < toMs + HOUR_MS; t += HOUR_MS) {
    const probe = Math.min(t, toMs);
    const off = offsetAt(zone, probe);
    if (off !== prev) {
      // Binary search the first minute with the new offset.
      let lo = prevMs;
      let hi = probe;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetAt(zone, mid) === prev) lo = mid;
        else hi = mid;
      }
      segments.push({ startMs: hi, offsetMinutes: off });
      prev = off;
    }
    prevMs = probe;
    if (probe === toMs) break;
  }
  return segments;
}

export function isPostgres(db: DbOrTx): boolean {
  return providerOfDb(db as Db) === "postgresql";
}

/** A timestamp parameter as each provider stores it (SQLite: Prisma's ISO text with +00:00). */
export function tsParam(db: DbOrTx, d: Date | number): Prisma.Sql {
  const date = typeof d === "number" ? new Date(d) : d;
  return isPostgres(db) ? sql`${date}` : sql`${date.toISOString().replace("Z", "+00:00")}`;
}

/** SQL for a column compared as a timestamp (SQLite stores ISO text: compare through julianday). */
export function tsColumn(db: DbOrTx, column: string): Prisma.Sql {
  return isPostgres(db) ? raw(column) : raw(`julianday(${column})`);
}

export function tsValue(db: DbOrTx, d: Date | number): Prisma.Sql {
  return isPostgres(db) ? tsParam(db, d) : sql`julianday(${tsParam(db, d)})`;
}

/** SQL evaluating to the local day (YYYY-MM-DD text) of `column` under the segments' offsets. */
export function dayBucketSql(db: DbOrTx, column: string, segments: OffsetSegment[]): Prisma.Sql {
  const pg = isPostgres(db);
  let minutes: Prisma.Sql;
  if (segments.length === 1) {
    minutes = sql`${segments[0].offsetMinutes}`;
  } else {
    const whens = segments.slice(1).map((s, i) => sql`WHEN ${tsColumn(db, column)} < ${tsValue(db, s.startMs)} THEN ${segments[i].offsetMinutes}`);
    minutes = sql`CASE ${join(whens, " ")} ELSE ${segments[segments.length - 1].offsetMinutes} END`;
  }
  if (pg) return sql`to_char(${raw(column)} + (CAST(${minutes} AS INTEGER) * INTERVAL '1 minute'), 'YYYY-MM-DD')`;
  return sql`date(${raw(column)}, (${minutes}) || ' minutes')`;
}

/** Milliseconds between two timestamp columns (finished − started), as a number in SQL. */
export function durationMsSql(db: DbOrTx, start: string, end: string): Prisma.Sql {
  if (isPostgres(db)) return raw(`(EXTRACT(EPOCH FROM (${end} - ${start})) * 1000)`);
  return raw(`((julianday(${end}) - julianday(${start})) * 86400000.0)`);
}
